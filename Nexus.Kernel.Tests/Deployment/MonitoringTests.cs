namespace Nexus.Kernel.Tests.Deployment;

/// <summary>Prometheus finds the pods by their own annotations, or through the ServiceMonitor component.</summary>
internal sealed class MonitoringTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Pod_template_carries_the_scrape_annotations_for_the_metrics_port(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var annotations = rendered.Deployment.StringMap("spec", "template", "metadata", "annotations");
        var metricsPort = WorkloadSizingTests.ContainerPorts(rendered.KernelContainer)["metrics"];

        await Assert.That(annotations.GetValueOrDefault("prometheus.io/scrape")).IsEqualTo("true");
        await Assert.That(annotations.GetValueOrDefault("prometheus.io/port")).IsEqualTo(metricsPort.ToString());
        await Assert.That(annotations.GetValueOrDefault("prometheus.io/path")).IsEqualTo("/metrics");
        await Assert.That(rendered.ConfigNumber("METRICS_PORT")).IsEqualTo(metricsPort);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task ServiceMonitor_selects_the_kernel_service_and_scrapes_its_metrics_port(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var monitors = rendered.OfKind("ServiceMonitor").ToList();

        await Assert.That(monitors.Count).IsEqualTo(EnvironmentExpectation.For(target).ServiceMonitor ? 1 : 0);
        if (monitors.Count == 0) return;
        var monitor = monitors[0];
        var service = rendered.Kernel("Service");
        var serviceLabels = service.StringMap("metadata", "labels");
        var selector = monitor.StringMap("spec", "selector", "matchLabels");
        await Assert.That(selector.Count).IsGreaterThan(0);
        await Assert.That(selector.All(kv => serviceLabels.GetValueOrDefault(kv.Key) == kv.Value)).IsTrue();
        // It must not also pick up the shipped Valkey's Service.
        var others = rendered.OfKind("Service").Where(s => s != service)
            .Where(s => selector.All(kv => s.StringMap("metadata", "labels").GetValueOrDefault(kv.Key) == kv.Value)).ToList();
        await Assert.That(others).IsEmpty();
        var endpoints = monitor.Objects("spec", "endpoints").ToList();
        await Assert.That(endpoints.Select(e => (e.Str("port") ?? "", e.Str("path") ?? "")).ToList()).IsEquivalentTo([("metrics", "/metrics")]);
        await Assert.That(service.Objects("spec", "ports").Any(p => p.Str("name") == "metrics" && p.Num("port") == 9464)).IsTrue();
    }
}
