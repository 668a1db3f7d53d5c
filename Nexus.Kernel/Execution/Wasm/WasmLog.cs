namespace Nexus.Kernel.Execution.Wasm;

/// <summary>Wasm handler log events (6200–6299).</summary>
internal static partial class WasmLog
{
    [LoggerMessage(6200, LogLevel.Information, "Tool {tool}: WebAssembly module refused at creation: {reason}", EventName = "ModuleRefused")]
    public static partial void ModuleRefused(ILogger logger, string tool, string reason);

    [LoggerMessage(6201, LogLevel.Debug, "Tool {tool}: WebAssembly module ready (export {export}, {source})", EventName = "ModuleReady")]
    public static partial void ModuleReady(ILogger logger, string tool, string export, string source);
}
