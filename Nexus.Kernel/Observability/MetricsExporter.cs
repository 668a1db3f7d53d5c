using Prometheus;

namespace Nexus.Kernel.Observability;

/// <summary>Copies <see cref="KernelCounters"/> into prometheus-net collectors just before each scrape.</summary>
internal sealed class MetricsExporter
{
    private readonly KernelCounters _counters;
    private readonly List<Action> _exports = [];

    public MetricsExporter(KernelCounters counters)
    {
        _counters = counters;
        var factory = Metrics.WithCustomRegistry(counters.Registry);

        Labelled(factory, "nexus_handler_executions_total", "Executions by final status.", "status", c => c.Executions);
        Labelled(factory, "nexus_errors_total", "Execution errors by code.", "code", c => c.Errors);
        Labelled(factory, "nexus_host_calls_total", "Guest-to-host calls by function.", "function", c => c.HostCalls);
        Labelled(factory, "nexus_rejections_total", "Requests refused by a limit, by reason.", "reason", c => c.Rejections);
        Labelled(factory, "nexus_module_cache_hits_total", "Compiled-module cache hits by tier.", "tier", c => c.CacheHits);
        Labelled(factory, "nexus_module_cache_rejected_total", "Cached artifacts rejected by verification, by reason.", "reason", c => c.CacheRejected);
        Labelled(factory, "nexus_ws_messages_total", "WebSocket messages by direction.", "direction", c => c.WsMessages);
        Labelled(factory, "nexus_ws_closes_total", "WebSocket close frames the kernel sent, by close code.", "code", c => c.WsCloses);
        Labelled(factory, "nexus_trigger_runs_total", "Automatic tool runs by trigger type.", "type", c => c.TriggerRuns);

        var misses = factory.CreateCounter("nexus_module_cache_misses_total", "Compiled-module cache misses (a compile followed).");
        _exports.Add(() => misses.IncTo(Volatile.Read(ref _counters.CacheMisses)));

        Gauge(factory, "nexus_instances_active", "Sandboxes running guest code now.", () => _counters.InstancesActive);
        Gauge(factory, "nexus_instances_available", "Sandboxes ready for an execution.", () => _counters.InstancesAvailable);
        Gauge(factory, "nexus_executions_suspended", "Executions parked awaiting I/O.", () => _counters.ExecutionsSuspended);
        Gauge(factory, "nexus_panel_queue_depth", "Executions waiting in panel queues (sum over panels).", () => _counters.PanelQueueDepth);
        Gauge(factory, "nexus_panels_active", "Panels held by this kernel.", () => _counters.PanelsActive);
        Gauge(factory, "nexus_ws_connections", "Open WebSocket connections.", () => _counters.WsConnections);

        counters.Registry.AddBeforeCollectCallback(Export);
    }

    private void Export()
    {
        _counters.Refresh();
        foreach (var export in _exports) export();
    }

    private void Labelled(IMetricFactory factory, string name, string help, string label, Func<KernelCounters, LabelledCounter> select)
    {
        var counter = factory.CreateCounter(name, help, [label]);
        var source = select(_counters);
        _exports.Add(() =>
        {
            foreach (var (value, count) in source.Snapshot()) counter.WithLabels(value).IncTo(count);
        });
    }

    private void Gauge(IMetricFactory factory, string name, string help, Func<long> read)
    {
        var gauge = factory.CreateGauge(name, help);
        _exports.Add(() => gauge.Set(read()));
    }
}
