using Wasmtime;

namespace Nexus.Kernel.Execution.Host;

/// <summary>
/// The imports one kind of guest module is linked against (QuickJS's <c>env</c> and WASI, raw handlers'
/// <c>nexus</c>). Each runtime defines its own in its folder; <see cref="WasmEngine"/> builds the linker once
/// per engine without knowing the runtimes.
/// </summary>
internal interface IGuestImports
{
    static abstract Linker Create(Engine engine);
}
