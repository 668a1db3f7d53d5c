namespace Nexus.Kernel.Execution;

/// <summary>What the engine compiles: JavaScript <see cref="Handler"/> source, or a raw wasm <see cref="Module"/>
/// and the <see cref="Export"/> to call. Panels/ maps its tool definitions onto it.</summary>
internal sealed record ToolSource(string Name, string? Handler, byte[]? Module = null, string? Export = null);
