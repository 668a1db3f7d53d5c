using Wasmtime;

namespace Nexus.Kernel.Execution.Sandboxing;

/// <summary>
/// The one seam through which wasm bytes become a Wasmtime module. Today it compiles in memory; the two-tier
/// module cache (DESIGN §3) will sit behind this interface without touching the sandboxes.
/// </summary>
internal interface IModuleCompiler
{
    Module Compile(Engine engine, string name, byte[] wasm);
}

internal sealed class DirectModuleCompiler : IModuleCompiler
{
    public Module Compile(Engine engine, string name, byte[] wasm) => Module.FromBytes(engine, name, wasm);
}
