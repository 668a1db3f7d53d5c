namespace Nexus.Kernel.Triggers;

internal sealed partial class ScheduledTriggers
{
    /// <summary>Scheduled trigger log events (8001–8099; how a run ended is <see cref="TriggerRuns"/>').</summary>
    private static partial class Log
    {
        [LoggerMessage(8001, LogLevel.Debug, "Skipped a {type} run of {tool} on panel {panelId}: the previous run has not finished", EventName = "TriggerSkipped")]
        public static partial void Skipped(ILogger logger, string panelId, string tool, string type);

        [LoggerMessage(8005, LogLevel.Debug, "Could not claim a {type} run of {tool} on panel {panelId}; skipped: {reason}", EventName = "TriggerClaimFailed")]
        public static partial void ClaimFailed(ILogger logger, string panelId, string tool, string type, string reason);
    }
}
