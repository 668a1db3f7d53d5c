namespace Nexus.Kernel.Execution.Host;

/// <summary>What a sandbox calls back into while guest code runs (the host API of one execution).</summary>
internal interface IGuestHost
{
    /// <summary>One guest→host crossing. Returns the string handed back to the guest (null: undefined).</summary>
    string? OnHostCall(ReadOnlySpan<string> args);

    /// <summary>Argument <paramref name="index"/> of a host call to <paramref name="function"/> was not well-formed
    /// UTF-8 (a lone surrogate in the guest's string): ends the execution; returns the reply for the guest.</summary>
    string OnMalformedText(string function, int index);

    /// <summary>Polled by QuickJS's interrupt handler; true stops the guest with an uncatchable error.</summary>
    bool ShouldInterrupt();
}
