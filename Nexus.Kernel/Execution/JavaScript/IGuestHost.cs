namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>What a sandbox calls back into while guest code runs (the host API of one execution).</summary>
internal interface IGuestHost
{
    /// <summary>One guest→host crossing. Returns the string handed back to the guest (null: undefined).</summary>
    string? OnHostCall(ReadOnlySpan<string> args);

    /// <summary>Polled by QuickJS's interrupt handler; true stops the guest with an uncatchable error.</summary>
    bool ShouldInterrupt();
}
