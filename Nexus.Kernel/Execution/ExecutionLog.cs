namespace Nexus.Kernel.Execution;

/// <summary>Execution log events (6000–6999). Guest logs carry the panel and tool, never the state.</summary>
internal static partial class ExecutionLog
{
    [LoggerMessage(6000, LogLevel.Information, "Execution engine ready in {startMs} ms (QuickJS {quickJsSource} in {loadMs} ms), snapshot {snapshotBytes} bytes, {warm} warm sandboxes, {workers} workers", EventName = "Ready")]
    public static partial void Ready(ILogger logger, long startMs, string quickJsSource, long loadMs, int snapshotBytes, int warm, int workers);

    [LoggerMessage(6001, LogLevel.Error, "Execution engine failed to start", EventName = "StartFailed")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(6002, LogLevel.Debug, "Execution of {panelId}/{tool} ended with {code}: {detail}", EventName = "ExecutionFailed")]
    public static partial void ExecutionFailed(ILogger logger, string panelId, string tool, string code, string detail);

    [LoggerMessage(6003, LogLevel.Warning, "Capability denied: panel {panelId} tool {tool} attempted {operation} without {capability}", EventName = "PermissionDenied")]
    public static partial void PermissionDenied(ILogger logger, string panelId, string tool, string operation, string capability);

    [LoggerMessage(6004, LogLevel.Debug, "Sandbox discarded: {reason}", EventName = "SandboxDiscarded")]
    public static partial void SandboxDiscarded(ILogger logger, string reason);

    [LoggerMessage(6005, LogLevel.Error, "Internal error in execution of {panelId}/{tool}", EventName = "InternalError")]
    public static partial void InternalError(ILogger logger, string panelId, string tool, Exception exception);

    [LoggerMessage(6010, LogLevel.Debug, "[guest {panelId}/{tool}] {detail}", EventName = "GuestDebug")]
    public static partial void GuestDebug(ILogger logger, string panelId, string tool, string detail);

    [LoggerMessage(6011, LogLevel.Information, "[guest {panelId}/{tool}] {detail}", EventName = "GuestInfo")]
    public static partial void GuestInfo(ILogger logger, string panelId, string tool, string detail);

    [LoggerMessage(6012, LogLevel.Warning, "[guest {panelId}/{tool}] {detail}", EventName = "GuestWarn")]
    public static partial void GuestWarn(ILogger logger, string panelId, string tool, string detail);

    [LoggerMessage(6013, LogLevel.Error, "[guest {panelId}/{tool}] {detail}", EventName = "GuestError")]
    public static partial void GuestError(ILogger logger, string panelId, string tool, string detail);
}
