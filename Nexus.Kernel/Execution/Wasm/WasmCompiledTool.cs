using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>A raw WebAssembly handler: its validated module (shared, thread-safe) and the export to call.</summary>
internal sealed class WasmCompiledTool(string toolName, Module module, string export, bool fromCache) : CompiledTool
{
    public override string ToolName { get; } = toolName;

    public override bool FromCache { get; } = fromCache;

    public Module Module { get; } = module;

    public string Export { get; } = export;
}
