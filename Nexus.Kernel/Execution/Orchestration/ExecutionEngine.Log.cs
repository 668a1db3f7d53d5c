namespace Nexus.Kernel.Execution.Orchestration;

internal sealed partial class ExecutionEngine
{
    /// <summary>The engine's log events (6000–6099, wasm modules 6200–6299, extension calls 7002).</summary>
    private static partial class Log
    {
        [LoggerMessage(6000, LogLevel.Information, "Execution engine ready in {startMs} ms (QuickJS {quickJsSource} in {loadMs} ms), snapshot {snapshotBytes} bytes, {warm} warm sandboxes, {workers} workers", EventName = "Ready")]
        public static partial void Ready(ILogger logger, long startMs, string quickJsSource, long loadMs, int snapshotBytes, int warm, int workers);

        [LoggerMessage(6001, LogLevel.Error, "Execution engine failed to start", EventName = "StartFailed")]
        public static partial void StartFailed(ILogger logger, Exception exception);

        [LoggerMessage(6002, LogLevel.Debug, "Execution of {panelId}/{tool} ended with {code}: {detail}", EventName = "ExecutionFailed")]
        public static partial void ExecutionFailed(ILogger logger, string panelId, string tool, string code, string detail);

        [LoggerMessage(6005, LogLevel.Error, "Internal error in execution of {panelId}/{tool}", EventName = "InternalError")]
        public static partial void InternalError(ILogger logger, string panelId, string tool, Exception exception);

        [LoggerMessage(6200, LogLevel.Information, "Tool {tool}: WebAssembly module refused at creation: {reason}", EventName = "ModuleRefused")]
        public static partial void ModuleRefused(ILogger logger, string tool, string reason);

        [LoggerMessage(6201, LogLevel.Debug, "Tool {tool}: WebAssembly module ready (export {export}, {source})", EventName = "ModuleReady")]
        public static partial void ModuleReady(ILogger logger, string tool, string export, string source);

        [LoggerMessage(7002, LogLevel.Warning, "Extension call {extension}.{method} of panel {panelId} failed: {reason}", EventName = "CallFailed")]
        public static partial void CallFailed(ILogger logger, string extension, string method, string panelId, string reason);
    }
}
