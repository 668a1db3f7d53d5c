namespace Nexus.Kernel.Triggers;

internal sealed partial class ReactiveTriggers
{
    /// <summary>Reactive trigger log events (in the triggers' range, 8001–8099).</summary>
    private static partial class Log
    {
        [LoggerMessage(8004, LogLevel.Warning, "Stopped a trigger chain at {tool} on panel {panelId} ({type}): depth {depth} reached", EventName = "TriggerChainStopped")]
        public static partial void ChainStopped(ILogger logger, string panelId, string tool, string type, int depth);
    }
}
