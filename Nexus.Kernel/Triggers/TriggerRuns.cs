using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

/// <summary>How an automatic run ended, logged the same way for every kind of trigger.</summary>
internal static partial class TriggerRuns
{
    public static void Ended(ILogger logger, string panelId, string tool, string type, TriggerOutcome outcome)
    {
        if (outcome.Result?.Error is { } error) Log.RunFailed(logger, panelId, tool, type, error.Code, error.Message);
        else if (outcome.Status != TriggerStatus.Completed) Log.NotRun(logger, panelId, tool, type, outcome.Status.ToString());
    }

    public static void NotRun(ILogger logger, string panelId, string tool, string type, string status) =>
        Log.NotRun(logger, panelId, tool, type, status);

    /// <summary>Run outcome log events (in the triggers' range, 8001–8099).</summary>
    private static partial class Log
    {
        [LoggerMessage(8002, LogLevel.Warning, "A {type} run of {tool} on panel {panelId} failed: {code} {error}", EventName = "TriggerRunFailed")]
        public static partial void RunFailed(ILogger logger, string panelId, string tool, string type, string code, string error);

        [LoggerMessage(8003, LogLevel.Information, "A {type} run of {tool} on panel {panelId} did not run: {status}", EventName = "TriggerNotRun")]
        public static partial void NotRun(ILogger logger, string panelId, string tool, string type, string status);
    }
}
