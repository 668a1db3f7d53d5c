using System.Collections.Concurrent;

namespace Nexus.Kernel.Execution;

/// <summary>
/// Plain counters owned by the execution hot path (Interlocked, no metrics library). Observability/ reads them at
/// scrape time (gauges, host calls). Executions, errors and durations go straight to KernelCounters.
/// </summary>
internal sealed class ExecutionStats
{
    public long Suspended;

    /// <summary>Guest→host crossings by function ($state.read, $emit, $ext, ...).</summary>
    public ConcurrentDictionary<string, long> HostCallsByFunction { get; } = new(StringComparer.Ordinal);

    public void RecordHostCall(string function) => HostCallsByFunction.AddOrUpdate(function, 1, static (_, n) => n + 1);
}
