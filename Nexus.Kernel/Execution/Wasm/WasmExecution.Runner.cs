using Nexus.Kernel.Execution.Host;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>The raw wasm runtime's <see cref="IGuestRunner"/>: one call on a fresh instance, nothing parked.</summary>
internal sealed partial class WasmExecution : IGuestRunner
{
    GuestStep IGuestRunner.Start(CompiledTool tool, string inputJson) => Run((WasmCompiledTool)tool, inputJson);

    /// <summary>Wasm handlers cannot await, so they never suspend and are never resumed.</summary>
    GuestStep IGuestRunner.Resume(IReadOnlyList<ExtensionOutcome> outcomes, int outstanding) =>
        throw new InvalidOperationException("a wasm handler never suspends");

    bool IGuestRunner.HoldsSandbox => false;

    bool IGuestRunner.Abandon() => false;

    Action? IGuestRunner.AfterStep => null;

    long IGuestRunner.MemoryUsedBytes => MemoryBytes;

    long IGuestRunner.MemoryPeakBytes => MemoryBytes;
}
