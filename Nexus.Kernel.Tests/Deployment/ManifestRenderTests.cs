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
        string[] always = ["Namespace", "ServiceAccount", "ConfigMap", "Deployment", "Service", "Ingress", "NetworkPolicy"];
        await Assert.That(always.Where(k => !kinds.Contains(k)).ToList()).IsEmpty();
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
    public async Task Every_namespaced_object_lives_in_one_namespace_that_the_manifests_create(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);

        var namespaced = rendered.Objects.Where(o => o.Str("kind") != "Namespace").ToList();
        var namespaces = namespaced.Select(o => o.Str("metadata", "namespace")).Distinct().ToList();
        await Assert.That(namespaces.Count).IsEqualTo(1);
        await Assert.That(namespaces[0]).IsNotNull();
        await Assert.That(rendered.Single("Namespace").Str("metadata", "name")).IsEqualTo(namespaces[0]);
    }
}
