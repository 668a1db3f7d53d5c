namespace Nexus.Kernel.Tests.Deployment;

/// <summary>Traffic reaches the pod by the labels it has, on ports it declares, and metrics never leave the cluster.</summary>
internal sealed class ServiceAndIngressTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Every_selector_matches_the_pod_labels(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var podLabels = rendered.Deployment.StringMap("spec", "template", "metadata", "labels");
        var selectors = new List<(string Owner, IReadOnlyDictionary<string, string> Labels)>
        {
            ("Deployment", rendered.Deployment.StringMap("spec", "selector", "matchLabels")),
            ("Service", rendered.Kernel("Service").StringMap("spec", "selector")),
            ("NetworkPolicy", rendered.Kernel("NetworkPolicy").StringMap("spec", "podSelector", "matchLabels")),
        };
        if (rendered.SingleOrNone("PodDisruptionBudget") is { } pdb)
        {
            selectors.Add(("PodDisruptionBudget", pdb.StringMap("spec", "selector", "matchLabels")));
        }

        var mismatched = selectors
            .Where(s => s.Labels.Count == 0 || s.Labels.Any(kv => podLabels.GetValueOrDefault(kv.Key) != kv.Value))
            .Select(s => s.Owner).ToList();
        await Assert.That(mismatched).IsEmpty();
        if (rendered.SingleOrNone("HorizontalPodAutoscaler") is { } hpa)
        {
            await Assert.That(hpa.Str("spec", "scaleTargetRef", "kind")).IsEqualTo("Deployment");
            await Assert.That(hpa.Str("spec", "scaleTargetRef", "name")).IsEqualTo(rendered.Deployment.Str("metadata", "name"));
        }
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Service_exposes_http_websocket_and_metrics_on_container_ports(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var service = rendered.Kernel("Service");
        var containerPorts = WorkloadSizingTests.ContainerPorts(rendered.KernelContainer);
        var ports = service.Objects("spec", "ports").ToDictionary(p => p.Str("name")!);

        await Assert.That(ports.Keys.Order().ToList()).IsEquivalentTo(["http", "metrics", "websocket"]);
        await Assert.That(ports["http"].Num("port")).IsEqualTo(80L);
        await Assert.That(ports["websocket"].Num("port")).IsEqualTo(3001L);
        await Assert.That(ports["metrics"].Num("port")).IsEqualTo(9464L);
        await Assert.That(WorkloadSizingTests.ResolvePort(ports["http"].At("targetPort"), containerPorts)).IsEqualTo(3000L);
        await Assert.That(WorkloadSizingTests.ResolvePort(ports["websocket"].At("targetPort"), containerPorts)).IsEqualTo(3001L);
        await Assert.That(WorkloadSizingTests.ResolvePort(ports["metrics"].At("targetPort"), containerPorts)).IsEqualTo(9464L);
        // Scraped per pod (the pod template's annotations), never twice through the Service as well.
        await Assert.That(service.StringMap("metadata", "annotations").Keys.Where(k => k.StartsWith("prometheus.io/")).ToList()).IsEmpty();
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Ingress_routes_everything_to_http_and_nothing_to_metrics(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var expected = EnvironmentExpectation.For(target);
        if (expected.GatewayApi)
        {
            // Gateway API replaces the Ingress; HTTPRouteTests cover the route.
            await Assert.That(rendered.SingleOrNone("Ingress")).IsNull();
            return;
        }
        var ingress = rendered.Single("Ingress");
        var service = rendered.Kernel("Service");
        var backends = ingress.Objects("spec", "rules").SelectMany(r => r.Objects("http", "paths"))
            .Select(p => p.Obj("backend", "service")).ToList();
        if (ingress.At("spec", "defaultBackend", "service") is { } defaultBackend) backends.Add(defaultBackend.AsObject());

        await Assert.That(backends.Count).IsGreaterThan(0);
        foreach (var backend in backends)
        {
            await Assert.That(backend.Str("name")).IsEqualTo(service.Str("metadata", "name"));
            await Assert.That(backend.Str("port", "name") ?? PortName(service, backend.Num("port", "number"))).IsEqualTo("http");
        }
        await Assert.That(ingress.Str("spec", "ingressClassName")).IsEqualTo(expected.IngressClassName);
        // WebSockets idle far longer than nginx's 60 s default.
        var annotations = ingress.StringMap("metadata", "annotations");
        await Assert.That(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"])).IsGreaterThanOrEqualTo(3600);
        await Assert.That(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"])).IsGreaterThanOrEqualTo(3600);
    }

    private static string? PortName(System.Text.Json.Nodes.JsonObject service, long? number) =>
        service.Objects("spec", "ports").FirstOrDefault(p => p.Num("port") == number)?.Str("name");
}
