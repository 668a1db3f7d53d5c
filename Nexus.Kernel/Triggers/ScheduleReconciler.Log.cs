namespace Nexus.Kernel.Triggers;

internal sealed partial class ScheduleReconciler
{
    /// <summary>Reconciliation log events (in the triggers' range, 8001–8099).</summary>
    private static partial class Log
    {
        [LoggerMessage(8006, LogLevel.Information, "Schedules reconciled with the panel store: {started} panels scheduled, {stopped} stopped", EventName = "SchedulesReconciled")]
        public static partial void Reconciled(ILogger logger, int started, int stopped);

        [LoggerMessage(8007, LogLevel.Warning, "Could not reconcile schedules with the panel store (retrying in {retrySeconds} s): {reason}", EventName = "SchedulesReconcileFailed")]
        public static partial void ReconcileFailed(ILogger logger, double retrySeconds, string reason);
    }
}
