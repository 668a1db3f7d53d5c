namespace Nexus.Kernel.Execution;

/// <summary>Execution log events (6000–6999). Guest logs carry the panel and tool, never the state.</summary>
internal static partial class ExecutionLog
{
    [LoggerMessage(6000, LogLevel.Information, "Execution engine ready in {StartMs} ms (QuickJS {QuickJsSource} in {LoadMs} ms), snapshot {SnapshotBytes} bytes, {Warm} warm sandboxes, {Workers} workers")]
    public static partial void Ready(ILogger logger, long startMs, string quickJsSource, long loadMs, int snapshotBytes, int warm, int workers);

    [LoggerMessage(6001, LogLevel.Error, "Execution engine failed to start")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(6002, LogLevel.Debug, "Execution of {PanelId}/{Tool} ended with {Code}: {Message}")]
    public static partial void ExecutionFailed(ILogger logger, string panelId, string tool, string code, string message);

    [LoggerMessage(6003, LogLevel.Warning, "Capability denied: panel {PanelId} tool {Tool} attempted {Operation} without {Capability}")]
    public static partial void PermissionDenied(ILogger logger, string panelId, string tool, string operation, string capability);

    [LoggerMessage(6004, LogLevel.Debug, "Sandbox discarded: {Reason}")]
    public static partial void SandboxDiscarded(ILogger logger, string reason);

    [LoggerMessage(6005, LogLevel.Error, "Internal error in execution of {PanelId}/{Tool}")]
    public static partial void InternalError(ILogger logger, string panelId, string tool, Exception exception);

    [LoggerMessage(6010, LogLevel.Debug, "[guest {PanelId}/{Tool}] {Message}")]
    public static partial void GuestDebug(ILogger logger, string panelId, string tool, string message);

    [LoggerMessage(6011, LogLevel.Information, "[guest {PanelId}/{Tool}] {Message}")]
    public static partial void GuestInfo(ILogger logger, string panelId, string tool, string message);

    [LoggerMessage(6012, LogLevel.Warning, "[guest {PanelId}/{Tool}] {Message}")]
    public static partial void GuestWarn(ILogger logger, string panelId, string tool, string message);

    [LoggerMessage(6013, LogLevel.Error, "[guest {PanelId}/{Tool}] {Message}")]
    public static partial void GuestError(ILogger logger, string panelId, string tool, string message);
}
