namespace Nexus.Kernel.Execution.JavaScript;

internal sealed partial class SandboxPool
{
    /// <summary>Sandbox pool log events (6004).</summary>
    private static partial class Log
    {
        [LoggerMessage(6004, LogLevel.Debug, "Sandbox discarded: {reason}", EventName = "SandboxDiscarded")]
        public static partial void SandboxDiscarded(ILogger logger, string reason);
    }
}
