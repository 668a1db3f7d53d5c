namespace Nexus.Kernel.Triggers;

internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Debug, "Skipped a {type} run of {tool} on panel {panelId}: the previous run has not finished", EventName = "TriggerSkipped")]
    public static partial void Skipped(ILogger logger, string panelId, string tool, string type);

    [LoggerMessage(8002, LogLevel.Warning, "A {type} run of {tool} on panel {panelId} failed: {code} {error}", EventName = "TriggerRunFailed")]
    public static partial void RunFailed(ILogger logger, string panelId, string tool, string type, string code, string error);

    [LoggerMessage(8003, LogLevel.Information, "A {type} run of {tool} on panel {panelId} did not run: {status}", EventName = "TriggerNotRun")]
    public static partial void NotRun(ILogger logger, string panelId, string tool, string type, string status);

    [LoggerMessage(8004, LogLevel.Warning, "Stopped a trigger chain at {tool} on panel {panelId} ({type}): depth {depth} reached", EventName = "TriggerChainStopped")]
    public static partial void ChainStopped(ILogger logger, string panelId, string tool, string type, int depth);

    [LoggerMessage(8005, LogLevel.Debug, "Could not claim a {type} run of {tool} on panel {panelId}; skipped: {reason}", EventName = "TriggerClaimFailed")]
    public static partial void ClaimFailed(ILogger logger, string panelId, string tool, string type, string reason);

    [LoggerMessage(8006, LogLevel.Information, "Schedules reconciled with the panel store: {started} panels scheduled, {stopped} stopped", EventName = "SchedulesReconciled")]
    public static partial void Reconciled(ILogger logger, int started, int stopped);

    [LoggerMessage(8007, LogLevel.Warning, "Could not reconcile schedules with the panel store (retrying in {retrySeconds} s): {reason}", EventName = "SchedulesReconcileFailed")]
    public static partial void ReconcileFailed(ILogger logger, double retrySeconds, string reason);
}
