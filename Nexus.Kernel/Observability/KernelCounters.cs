using Prometheus;

namespace Nexus.Kernel.Observability;

/// <summary>
/// The kernel's counters and gauges as plain fields owned by the code that moves them (Garnet style): the hot
/// path does an interlocked add, and <see cref="MetricsExporter"/> copies the values into prometheus-net only when
/// /metrics is scraped. One instance per kernel, so tests that start several kernels see their own numbers.
/// </summary>
internal sealed class KernelCounters
{
    public readonly LabelledCounter Executions = new();      // {status}
    public readonly LabelledCounter Errors = new();          // {code}
    public readonly LabelledCounter HostCalls = new();       // {function}
    public readonly LabelledCounter Rejections = new();      // {reason}
    public readonly LabelledCounter CacheHits = new();       // {tier}
    public readonly LabelledCounter CacheRejected = new();   // {reason}
    public readonly LabelledCounter WsMessages = new();      // {direction}
    public readonly LabelledCounter WsCloses = new();        // {code}
    public readonly LabelledCounter TriggerRuns = new();     // {type}
    public long CacheMisses;

    public long InstancesActive;
    public long InstancesAvailable;
    public long ExecutionsSuspended;
    public long PanelQueueDepth;
    public long PanelsActive;
    public long WsConnections;

    public KernelCounters()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        ExecutionDuration = new(factory.CreateHistogram("nexus_handler_execution_duration_seconds",
            "Time inside the sandbox per execution (queueing and awaited I/O excluded).",
            new HistogramConfiguration { Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] }));
        CompileDuration = new(factory.CreateHistogram("nexus_module_compile_duration_seconds",
            "Time to compile a WebAssembly module (QuickJS or a wasm handler) to native code.",
            new HistogramConfiguration { Buckets = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16] }));
    }

    /// <summary>Raised at the start of each scrape so owners of values kept elsewhere can copy them in.</summary>
    public event Action? Refreshing;

    public void Refresh() => Refreshing?.Invoke();

    /// <summary>This kernel's own registry (not the process-wide default), exported on METRICS_PORT.</summary>
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();

    public DurationHistogram ExecutionDuration { get; }

    public DurationHistogram CompileDuration { get; }
}
