using System.Text.Json.Nodes;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// Host, ingress class and the admitted controller namespace are one setting each (settings.yaml), and TLS
/// environments hand out wss:// socket URLs.
/// </summary>
internal sealed class TrafficEntryTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Ingress_class_host_and_admitted_namespace_come_from_the_overlay_settings(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var settings = OverlaySettings.For(target);
        var expected = EnvironmentExpectation.For(target);
        var admitted = rendered.Kernel("NetworkPolicy").Objects("spec", "ingress")
            .Where(r => r.Objects("ports").Any(p => p.Num("port") == 3000))
            .SelectMany(r => r.Objects("from")).Select(p => p.Str("namespaceSelector", "matchLabels", "kubernetes.io/metadata.name") ?? "").ToList();

        await Assert.That(admitted).IsEquivalentTo([settings["ingressNamespace"]]);
        await Assert.That(settings["ingressNamespace"]).IsEqualTo(expected.IngressControllerNamespace);
        await Assert.That(settings["host"]).IsEqualTo(expected.Host);
        if (rendered.SingleOrNone("Ingress") is { } ingress)
        {
            await Assert.That(ingress.Str("spec", "ingressClassName")).IsEqualTo(settings["ingressClassName"]);
            await Assert.That(ingress.Objects("spec", "rules").Select(r => r.Str("host") ?? "").ToList()).IsEquivalentTo([settings["host"]]);
        }
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Tls_environments_serve_their_host_from_a_named_secret_and_return_wss_urls(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var expected = EnvironmentExpectation.For(target);
        var publicUrl = rendered.Config.GetValueOrDefault("PUBLIC_URL");
        var tls = rendered.SingleOrNone("Ingress")?.Objects("spec", "tls").ToList() ?? [];

        if (!expected.Tls)
        {
            await Assert.That(publicUrl).IsNull();
            await Assert.That(tls).IsEmpty();
            return;
        }
        // PUBLIC_URL is the base of wsUrl: https://host gives wss://host whatever the proxy forwards.
        await Assert.That(publicUrl).IsEqualTo($"https://{expected.Host}");
        if (expected.GatewayApi) return; // TLS ends at the Gateway's listener (HttpRouteTests).
        await Assert.That(tls.Count).IsEqualTo(1);
        // cert-manager's ingress-shim fills exactly this Secret for these hosts.
        await Assert.That(tls[0].Str("secretName")).IsEqualTo("nexus-kernel-tls");
        await Assert.That(tls[0].Arr("hosts").Select(h => h!.GetValue<string>()).ToList()).IsEquivalentTo([expected.Host]);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Gateway_route_sends_every_path_of_the_host_to_the_http_port(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var expected = EnvironmentExpectation.For(target);
        var routes = rendered.OfKind("HTTPRoute").ToList();

        await Assert.That(routes.Count).IsEqualTo(expected.GatewayApi ? 1 : 0);
        if (!expected.GatewayApi) return;
        var route = routes[0];
        var settings = OverlaySettings.For(target);
        await Assert.That(route.Str("apiVersion")).IsEqualTo("gateway.networking.k8s.io/v1");
        var parents = route.Objects("spec", "parentRefs").ToList();
        await Assert.That(parents.Count).IsEqualTo(1);
        await Assert.That(parents[0].Str("kind") ?? "Gateway").IsEqualTo("Gateway");
        await Assert.That(parents[0].Str("name")).IsEqualTo(settings["gatewayName"]);
        await Assert.That(parents[0].Str("namespace")).IsEqualTo(settings["gatewayNamespace"]);
        // The HTTPS listener: TLS ends at the Gateway.
        await Assert.That(parents[0].Str("sectionName")).IsEqualTo(settings["gatewaySectionName"]);
        await Assert.That(route.Arr("spec", "hostnames").Select(h => h!.GetValue<string>()).ToList()).IsEquivalentTo([expected.Host]);

        var rules = route.Objects("spec", "rules").ToList();
        await Assert.That(rules.Count).IsEqualTo(1);
        var matches = rules[0].Objects("matches").ToList();
        await Assert.That(matches.Select(m => (m.Str("path", "type") ?? "", m.Str("path", "value") ?? "")).ToList())
            .IsEquivalentTo([("PathPrefix", "/")]);
        // No request timeout: an implementation would cut idle WebSockets at it.
        await Assert.That(rules[0].At("timeouts")).IsNull();
        var backends = rules[0].Objects("backendRefs").ToList();
        await Assert.That(backends.Count).IsEqualTo(1);
        var service = rendered.Kernel("Service");
        await Assert.That(backends[0].Str("kind") ?? "Service").IsEqualTo("Service");
        await Assert.That(backends[0].Str("name")).IsEqualTo(service.Str("metadata", "name"));
        var port = service.Objects("spec", "ports").Single(p => p.Num("port") == backends[0].Num("port"));
        // The http port (3000) accepts the WebSocket upgrade too; metrics are never routed.
        await Assert.That(port.Str("name")).IsEqualTo("http");
    }
}
