namespace Nexus.Kernel.Tests.Deployment;

/// <summary>Each environment has the replica count, autoscaling and disruption budget docs/deployment.md gives it.</summary>
internal sealed class OverlayShapeTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Replicas_autoscaling_and_disruption_budget_match_the_environment(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var expected = EnvironmentExpectation.For(target);
        var hpa = rendered.SingleOrNone("HorizontalPodAutoscaler");
        var pdb = rendered.SingleOrNone("PodDisruptionBudget");

        // With an HPA the Deployment must not pin replicas, or every apply would reset the autoscaled count.
        await Assert.That(rendered.Deployment.Num("spec", "replicas")).IsEqualTo(expected.Replicas);
        await Assert.That(hpa is not null).IsEqualTo(expected.Autoscaled);
        await Assert.That(pdb is not null).IsEqualTo(expected.HasDisruptionBudget);
        if (pdb is not null)
        {
            await Assert.That(pdb.Num("spec", "minAvailable")).IsEqualTo(1L);
            // An unready pod serves nobody: evicting it costs nothing, and keeping it would block node drains.
            await Assert.That(pdb.Str("spec", "unhealthyPodEvictionPolicy")).IsEqualTo("AlwaysAllow");
        }
        if (hpa is null) return;

        await Assert.That(hpa.Str("apiVersion")).IsEqualTo("autoscaling/v2");
        await Assert.That(hpa.Num("spec", "minReplicas")).IsEqualTo(2L);
        await Assert.That(hpa.Num("spec", "maxReplicas")).IsEqualTo(10L);
        var targets = hpa.Objects("spec", "metrics")
            .ToDictionary(m => m.Str("resource", "name")!, m => (Type: m.Str("resource", "target", "type"), Value: m.Num("resource", "target", "averageUtilization")));
        await Assert.That(targets["cpu"]).IsEqualTo(("Utilization", (long?)70));
        await Assert.That(targets["memory"]).IsEqualTo(("Utilization", (long?)80));
        await Assert.That(hpa.Num("spec", "behavior", "scaleDown", "stabilizationWindowSeconds") ?? 0).IsGreaterThanOrEqualTo(60L);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Production_spreads_its_pods_across_zones_without_blocking_a_one_zone_cluster(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var constraints = rendered.PodSpec.Objects("topologySpreadConstraints").ToList();
        var podLabels = rendered.Deployment.StringMap("spec", "template", "metadata", "labels");

        var zonal = constraints.Where(c => c.Str("topologyKey") == "topology.kubernetes.io/zone").ToList();
        await Assert.That(zonal.Count).IsEqualTo(EnvironmentExpectation.For(target).SpreadsAcrossZones ? 1 : 0);
        foreach (var constraint in zonal)
        {
            await Assert.That(constraint.Num("maxSkew")).IsEqualTo(1L);
            await Assert.That(constraint.Str("whenUnsatisfiable")).IsEqualTo("ScheduleAnyway");
            var selector = constraint.StringMap("labelSelector", "matchLabels");
            await Assert.That(selector.Count > 0 && selector.All(kv => podLabels.GetValueOrDefault(kv.Key) == kv.Value)).IsTrue();
        }
    }

    [Test]
    public async Task Edge_fits_a_one_core_one_GiB_node()
    {
        var edge = await RenderedManifests.ForAsync("edge");
        var resources = edge.KernelContainer.Obj("resources");

        await Assert.That(Quantity.Bytes(resources.Str("requests", "memory"))).IsLessThanOrEqualTo(256 * Quantity.MiB);
        await Assert.That(Quantity.Bytes(resources.Str("limits", "memory"))).IsLessThanOrEqualTo(512 * Quantity.MiB);
        await Assert.That(MilliCpu(resources.Str("requests", "cpu"))).IsLessThanOrEqualTo(250);
        await Assert.That(MilliCpu(resources.Str("limits", "cpu"))).IsLessThanOrEqualTo(1000);
        await Assert.That(edge.ConfigNumber("MAX_INSTANCES")).IsLessThanOrEqualTo(2L);
    }

    private static long MilliCpu(string? cpu) =>
        cpu!.EndsWith('m') ? long.Parse(cpu[..^1]) : (long)(decimal.Parse(cpu, System.Globalization.CultureInfo.InvariantCulture) * 1000);
}
