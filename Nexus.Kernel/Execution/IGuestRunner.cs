namespace Nexus.Kernel.Execution;

/// <summary>
/// One runtime's worker-side half of an execution (JavaScript in a QuickJS sandbox, or a raw wasm instance). The
/// engine picks the runner from the compiled tool and drives every runtime the same way: start, commit each batch,
/// resume after awaited extension calls, abandon on a deadline. Every method runs on a worker thread, one at a time.
/// </summary>
internal interface IGuestRunner
{
    /// <summary>Runs the handler from its start until it completes, fails or waits on extension calls.</summary>
    GuestStep Start(CompiledTool tool, string inputJson);

    /// <summary>Hands the settled extension calls back to a suspended guest; <paramref name="outstanding"/> are still running.</summary>
    GuestStep Resume(IReadOnlyList<ExtensionOutcome> outcomes, int outstanding);

    /// <summary>True while a suspended guest's sandbox is parked and must be given back through <see cref="Abandon"/>.</summary>
    bool HoldsSandbox { get; }

    /// <summary>Ends a parked execution (deadline, rejected batch, cancellation). False when nothing was parked.</summary>
    bool Abandon();

    /// <summary>Work to run on the worker right after a step's result was handed over (off the caller's path), if any.</summary>
    Action? AfterStep { get; }

    long MemoryUsedBytes { get; }

    long MemoryPeakBytes { get; }
}
