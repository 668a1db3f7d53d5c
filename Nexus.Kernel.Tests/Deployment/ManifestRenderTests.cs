using System.Text.Json.Nodes;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>Every deployable target renders with kustomize v5 and every object passes its Kubernetes schema.</summary>
internal sealed class ManifestRenderTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Renders_and_validates_against_the_Kubernetes_schemas(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);

        var kinds = rendered.Objects.Select(o => o.Str("kind")).ToHashSet();
        string[] always = ["ServiceAccount", "ConfigMap", "Deployment", "Service", "NetworkPolicy"];
        await Assert.That(always.Where(k => !kinds.Contains(k)).ToList()).IsEmpty();
        // Traffic comes in through exactly one of the two ways.
        var expected = EnvironmentExpectation.For(target);
        await Assert.That(kinds.Contains("Ingress")).IsEqualTo(!expected.GatewayApi);
        await Assert.That(kinds.Contains("HTTPRoute")).IsEqualTo(expected.GatewayApi);
        await Assert.That(kinds.Contains("ServiceMonitor")).IsEqualTo(expected.ServiceMonitor);
        // A component left out (components/settings) would leave its placeholder in place.
        await Assert.That(new JsonArray([.. rendered.Objects.Select(o => o.DeepClone())]).ToJsonString()).DoesNotContain("SET-BY-SETTINGS");
    }

    [Test]
    public async Task Repository_root_deploys_exactly_the_prod_overlay()
    {
        var root = await RenderedManifests.ForAsync("root");
        var prod = await RenderedManifests.ForAsync("prod");

        await Assert.That(new JsonArray([.. root.Objects.Select(o => o.DeepClone())]).ToJsonString())
            .IsEqualTo(new JsonArray([.. prod.Objects.Select(o => o.DeepClone())]).ToJsonString());
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Every_namespaced_object_lives_in_the_environment_namespace(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var expected = EnvironmentExpectation.For(target);

        var namespaced = rendered.Objects.Where(o => o.Str("kind") != "Namespace").ToList();
        var namespaces = namespaced.Select(o => o.Str("metadata", "namespace") ?? "").Distinct().ToList();
        await Assert.That(namespaces).IsEquivalentTo([expected.Namespace]);
        // Only dev (disposable) ships its namespace: `kubectl delete -k` of any other overlay keeps the namespace
        // and so the operator's Secret in it.
        var shipped = rendered.OfKind("Namespace").Select(n => n.Str("metadata", "name") ?? "").ToList();
        await Assert.That(shipped).IsEquivalentTo(expected.ShipsNamespace ? [expected.Namespace] : Array.Empty<string>());
        foreach (var ns in rendered.OfKind("Namespace"))
        {
            await Assert.That(ns.Str("metadata", "labels", "pod-security.kubernetes.io/enforce")).IsEqualTo("restricted");
        }
    }

    [Test]
    public async Task Staging_prod_and_dev_deploy_to_three_namespaces_that_coexist()
    {
        var namespaces = new List<string>();
        foreach (var target in new[] { "dev", "staging", "prod" })
        {
            namespaces.Add((await RenderedManifests.ForAsync(target)).Deployment.Str("metadata", "namespace") ?? "");
        }

        await Assert.That(namespaces).IsEquivalentTo(["nexus-dev", "nexus-staging", "nexus"]);
    }

    [Test]
    public async Task The_operator_applied_namespaces_hold_every_overlay_that_does_not_ship_its_own()
    {
        var declared = (await RenderedManifests.ForAsync("namespaces")).OfKind("Namespace").ToList();
        var needed = new List<string>();
        foreach (var target in RenderedManifests.Targets.Where(t => !EnvironmentExpectation.For(t).ShipsNamespace))
        {
            needed.Add(EnvironmentExpectation.For(target).Namespace);
        }

        await Assert.That(declared.Select(n => n.Str("metadata", "name") ?? "").Order().ToList())
            .IsEquivalentTo(needed.Distinct().Order().ToList());
        foreach (var ns in declared)
        {
            await Assert.That(ns.Str("metadata", "labels", "pod-security.kubernetes.io/enforce")).IsEqualTo("restricted");
        }
    }
}
