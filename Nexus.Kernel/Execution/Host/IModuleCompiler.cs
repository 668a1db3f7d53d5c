using Wasmtime;

namespace Nexus.Kernel.Execution.Host;

/// <summary>
/// The one seam through which wasm bytes become native code. The module cache (<see cref="Caching.ModuleCache"/>)
/// calls it on a miss, on its compile thread; benchmarks call it directly to measure a cold compile.
/// </summary>
internal interface IModuleCompiler
{
    Module Compile(Engine engine, string name, byte[] wasm);
}

internal sealed class DirectModuleCompiler : IModuleCompiler
{
    public Module Compile(Engine engine, string name, byte[] wasm) => Module.FromBytes(engine, name, wasm);
}
