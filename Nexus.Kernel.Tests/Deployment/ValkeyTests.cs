using System.Text.Json.Nodes;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// The shipped store (components/valkey): one hardened StatefulSet on its own volume, reachable from the kernel
/// only, so a redis overlay runs on a bare cluster.
/// </summary>
internal sealed class ValkeyTests
{
    private static readonly IReadOnlyDictionary<string, string> ValkeyLabels =
        new Dictionary<string, string> { ["app.kubernetes.io/name"] = "nexus-valkey" };

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Redis_overlays_ship_one_hardened_valkey_with_a_persistent_volume(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var sets = rendered.OfKind("StatefulSet").ToList();

        await Assert.That(sets.Count).IsEqualTo(EnvironmentExpectation.For(target).ShipsValkey ? 1 : 0);
        if (sets.Count == 0) return;
        var set = sets[0];
        var pod = set.Obj("spec", "template", "spec");
        var container = pod.Objects("containers").Single();
        var security = container.Obj("securityContext");
        await Assert.That(set.Num("spec", "replicas")).IsEqualTo(1L);
        await Assert.That(pod.Bool("automountServiceAccountToken")).IsFalse();
        await Assert.That(pod.Bool("securityContext", "runAsNonRoot")).IsTrue();
        await Assert.That(pod.Str("securityContext", "seccompProfile", "type")).IsEqualTo("RuntimeDefault");
        await Assert.That(security.Bool("readOnlyRootFilesystem")).IsTrue();
        await Assert.That(security.Bool("allowPrivilegeEscalation")).IsFalse();
        await Assert.That(security.Arr("capabilities", "drop").Select(c => c!.GetValue<string>()).ToList()).IsEquivalentTo(["ALL"]);
        await Assert.That(container.Str("resources", "limits", "memory")).IsNotNull();

        // The data lives on a claim from the template, mounted where --dir points, with append-only persistence.
        var claim = set.Objects("spec", "volumeClaimTemplates").Single();
        var args = container.Arr("args").Select(a => a!.GetValue<string>()).ToList();
        var dataMount = container.Objects("volumeMounts").Single(m => m.Str("name") == claim.Str("metadata", "name"));
        await Assert.That(Quantity.Bytes(claim.Str("spec", "resources", "requests", "storage"))).IsGreaterThan(0);
        await Assert.That(args[args.IndexOf("--dir") + 1]).IsEqualTo(dataMount.Str("mountPath"));
        await Assert.That(args[args.IndexOf("--appendonly") + 1]).IsEqualTo("yes");
        // Panels are never evicted to make room.
        await Assert.That(args[args.IndexOf("--maxmemory-policy") + 1]).IsEqualTo("noeviction");
        // The password comes from the operator's Secret, never from the manifests.
        await Assert.That(args[args.IndexOf("--requirepass") + 1]).IsEqualTo("$(REDIS_PASSWORD)");
        var password = container.Objects("env").Single(e => e.Str("name") == "REDIS_PASSWORD");
        await Assert.That(password.Str("valueFrom", "secretKeyRef", "name")).IsEqualTo("nexus-kernel-secrets");

        var service = rendered.Named("Service", set.Str("spec", "serviceName")!);
        await Assert.That(Matches(service.StringMap("spec", "selector"), set.StringMap("spec", "template", "metadata", "labels"))).IsTrue();
        await Assert.That(service.Objects("spec", "ports").Select(p => p.Num("port") ?? -1).ToList()).IsEquivalentTo([6379L]);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Only_the_kernel_reaches_valkey_and_valkey_reaches_nothing(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        if (!EnvironmentExpectation.For(target).ShipsValkey)
        {
            await Assert.That(rendered.OfKind("NetworkPolicy").Count()).IsEqualTo(1);
            return;
        }
        var policy = rendered.Named("NetworkPolicy", "nexus-valkey");
        var kernelLabels = rendered.Deployment.StringMap("spec", "template", "metadata", "labels");

        await Assert.That(policy.StringMap("spec", "podSelector", "matchLabels")).IsEquivalentTo(ValkeyLabels);
        await Assert.That(policy.Arr("spec", "policyTypes").Select(t => t!.GetValue<string>()).Order().ToList())
            .IsEquivalentTo(["Egress", "Ingress"]);
        await Assert.That(policy.Arr("spec", "egress").Count).IsEqualTo(0);
        var rule = policy.Objects("spec", "ingress").Single();
        var peer = rule.Objects("from").Single();
        // A bare podSelector: pods of this namespace only, and only the kernel's.
        await Assert.That(peer.At("namespaceSelector")).IsNull();
        await Assert.That(peer.At("ipBlock")).IsNull();
        await Assert.That(Matches(peer.StringMap("podSelector", "matchLabels"), kernelLabels)).IsTrue();
        await Assert.That(rule.Objects("ports").Select(p => p.Num("port") ?? -1).ToList()).IsEquivalentTo([6379L]);

        // And the kernel's own egress lets it out to those pods on 6379.
        var kernelEgress = rendered.Kernel("NetworkPolicy").Objects("spec", "egress")
            .Single(r => r.Objects("ports").Any(p => p.Num("port") == 6379));
        await Assert.That(kernelEgress.Objects("to").Any(p => p.At("namespaceSelector") is null
            && Matches(p.StringMap("podSelector", "matchLabels"), ValkeyLabels))).IsTrue();
    }

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(kv => labels.GetValueOrDefault(kv.Key) == kv.Value);
}
