using System.Text.Json.Nodes;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>Default-deny in both directions, with exactly the flows docs/deployment.md allows.</summary>
internal sealed class NetworkPolicyTests
{
    private static readonly string[] NonPublicRanges =
        ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "100.64.0.0/10", "127.0.0.0/8"];

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Ingress_comes_only_from_the_controller_and_monitoring_namespaces(string target)
    {
        var policy = (await RenderedManifests.ForAsync(target)).Kernel("NetworkPolicy");
        var expected = EnvironmentExpectation.For(target);

        await Assert.That(policy.Arr("spec", "policyTypes").Select(t => t!.GetValue<string>()).Order().ToList())
            .IsEquivalentTo(["Egress", "Ingress"]);
        var rules = policy.Objects("spec", "ingress").Select(r => (Namespaces: SourceNamespaces(r), Ports: Ports(r))).ToList();
        // Every source is a namespace chosen by its immutable name label; no ipBlock, no open rule.
        await Assert.That(rules.All(r => r.Namespaces.Count > 0)).IsTrue();
        var allowed = rules.SelectMany(r => r.Namespaces.SelectMany(ns => r.Ports.Select(p => $"{ns}->{p}"))).Order().ToList();
        await Assert.That(allowed).IsEquivalentTo(new[]
        {
            $"{expected.IngressControllerNamespace}->TCP/3000", $"{expected.IngressControllerNamespace}->TCP/3001",
            "monitoring->TCP/9464",
        }.Order().ToList());
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Egress_allows_dns_public_web_and_redis_only_with_the_store_component(string target)
    {
        var policy = (await RenderedManifests.ForAsync(target)).Kernel("NetworkPolicy");
        var expected = EnvironmentExpectation.For(target);
        var rules = policy.Objects("spec", "egress").ToList();

        var dns = rules.Where(r => Ports(r).Contains("UDP/53")).ToList();
        await Assert.That(dns.Count).IsEqualTo(1);
        await Assert.That(Ports(dns[0])).IsEquivalentTo(["UDP/53", "TCP/53"]);
        await Assert.That(SourceNamespaces(dns[0], "to")).IsEquivalentTo(["kube-system"]);

        var web = rules.Where(r => Ports(r).Contains("TCP/443")).ToList();
        await Assert.That(web.Count).IsEqualTo(1);
        await Assert.That(Ports(web[0]).Order().ToList()).IsEquivalentTo(["TCP/443", "TCP/80"]);
        var blocks = web[0].Objects("to").ToList();
        await Assert.That(blocks.Count).IsEqualTo(1);
        await Assert.That(blocks[0].Str("ipBlock", "cidr")).IsEqualTo("0.0.0.0/0");
        var excepted = blocks[0].Arr("ipBlock", "except").Select(c => c!.GetValue<string>()).ToList();
        await Assert.That(NonPublicRanges.Where(r => !excepted.Contains(r)).ToList()).IsEmpty();

        var redis = rules.Where(r => Ports(r).Contains("TCP/6379")).ToList();
        await Assert.That(redis.Count).IsEqualTo(expected.PanelStore == "redis" ? 1 : 0);
        // Nothing else leaves the pod: every rule is one of the three above, each with explicit ports.
        await Assert.That(rules.Count).IsEqualTo(2 + redis.Count);
        await Assert.That(rules.All(r => Ports(r).Count > 0)).IsTrue();
    }

    private static List<string> SourceNamespaces(JsonObject rule, string direction = "from") =>
        rule.Objects(direction).Select(peer => peer.StringMap("namespaceSelector", "matchLabels"))
            .Select(labels => labels.Count == 1 && labels.TryGetValue("kubernetes.io/metadata.name", out var name) ? name : "")
            .Where(name => name != "").ToList() is var names && names.Count == rule.Arr(direction).Count ? names : [];

    private static List<string> Ports(JsonObject rule) =>
        rule.Objects("ports").Select(p => $"{p.Str("protocol") ?? "TCP"}/{p.Num("port")}").ToList();
}
