using System.Text.Json.Nodes;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// Resources, volumes, probes and shutdown timing agree with the configuration the pod gets, read back from the
/// rendered ConfigMap so an overlay that changes one side without the other fails.
/// </summary>
internal sealed class WorkloadSizingTests
{
    /// <summary>
    /// What the process needs besides its sandboxes and the in-memory module cache: the .NET runtime and Kestrel
    /// (~20 MiB RSS idle, measured), libwasmtime.so's mapped code (~30 MiB file), QuickJS's compiled module and
    /// per-connection buffers. docs/deployment.md derives it.
    /// </summary>
    private const long ProcessBaseMiB = 96;

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Memory_limit_covers_every_running_and_suspended_sandbox_the_cache_and_the_process_base(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var limit = Quantity.Bytes(rendered.KernelContainer.Str("resources", "limits", "memory"));
        // README "Memory": every running and every suspended execution at its cap, the module cache, the base.
        var needed = ((rendered.ConfigNumber("MAX_INSTANCES") + rendered.ConfigNumber("MAX_SUSPENDED"))
                      * rendered.ConfigNumber("MEMORY_LIMIT_MB")
                      + rendered.ConfigNumber("CACHE_MAX_MB") + ProcessBaseMiB) * Quantity.MiB;

        await Assert.That(limit).IsGreaterThanOrEqualTo(needed);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Requests_and_limits_cover_cpu_memory_and_ephemeral_storage(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var resources = rendered.KernelContainer.Obj("resources");

        foreach (var resource in new[] { "cpu", "memory", "ephemeral-storage" })
        {
            await Assert.That(resources.Str("requests", resource)).IsNotNull();
            await Assert.That(resources.Str("limits", resource)).IsNotNull();
        }
        await Assert.That(Quantity.Bytes(resources.Str("requests", "memory")))
            .IsLessThanOrEqualTo(Quantity.Bytes(resources.Str("limits", "memory")));
        // Every emptyDir counts against the ephemeral-storage limit: the kubelet evicts the pod past it.
        var emptyDirs = rendered.PodSpec.Objects("volumes").Where(v => v.At("emptyDir") is not null)
            .Sum(v => Quantity.Bytes(v.Str("emptyDir", "sizeLimit")));
        await Assert.That(Quantity.Bytes(resources.Str("limits", "ephemeral-storage"))).IsGreaterThan(emptyDirs);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Module_cache_lives_on_an_emptyDir_larger_than_its_disk_budget(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var cacheDir = rendered.Config["CACHE_DIR"];
        var mount = rendered.KernelContainer.Objects("volumeMounts").Single(m => m.Str("mountPath") == cacheDir);
        var volume = rendered.PodSpec.Objects("volumes").Single(v => v.Str("name") == mount.Str("name"));

        await Assert.That(volume.At("emptyDir")).IsNotNull();
        await Assert.That(Quantity.Bytes(volume.Str("emptyDir", "sizeLimit")))
            .IsGreaterThan(rendered.ConfigNumber("CACHE_DISK_MAX_MB") * Quantity.MiB);
        await Assert.That(mount.Bool("readOnly") ?? false).IsFalse();
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Grace_period_outlasts_preStop_sleep_delay_and_drain(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var preStopSleep = rendered.KernelContainer.Num("lifecycle", "preStop", "sleep", "seconds");
        var grace = rendered.PodSpec.Num("terminationGracePeriodSeconds");
        var shutdownMs = rendered.ConfigNumber("SHUTDOWN_DELAY_MS") + rendered.ConfigNumber("SHUTDOWN_TIMEOUT_MS");

        // The image has no shell, so preStop must be the built-in sleep action, never exec.
        await Assert.That(rendered.KernelContainer.At("lifecycle", "preStop", "exec")).IsNull();
        await Assert.That(preStopSleep).IsNotNull();
        await Assert.That(grace).IsNotNull();
        // The grace period starts with preStop; SIGTERM (delay, then drain) comes after it.
        await Assert.That(grace!.Value * 1000).IsGreaterThan(preStopSleep!.Value * 1000 + shutdownMs);
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Probes_hit_the_health_endpoints_on_declared_container_ports(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var container = rendered.KernelContainer;
        var ports = ContainerPorts(container);

        await Assert.That(container.Str("livenessProbe", "httpGet", "path")).IsEqualTo("/health");
        await Assert.That(container.Str("readinessProbe", "httpGet", "path")).IsEqualTo("/health/ready");
        await Assert.That(container.Str("startupProbe", "httpGet", "path")).IsNotNull();
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            var port = container.At(probe, "httpGet", "port");
            await Assert.That(ResolvePort(port, ports)).IsEqualTo(3000L);
        }
        // A cold start compiles QuickJS (0.7-3.4 s on a fast core); a throttled edge CPU needs far more.
        var startupBudget = container.Num("startupProbe", "periodSeconds")!.Value * container.Num("startupProbe", "failureThreshold")!.Value;
        await Assert.That(startupBudget).IsGreaterThanOrEqualTo(60L);
        // The kernel listens where the container says it does.
        await Assert.That(ports["http"]).IsEqualTo(rendered.ConfigNumber("HTTP_PORT"));
        await Assert.That(ports["websocket"]).IsEqualTo(rendered.ConfigNumber("WS_PORT"));
        await Assert.That(ports["metrics"]).IsEqualTo(rendered.ConfigNumber("METRICS_PORT"));
    }

    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Rollouts_keep_capacity_and_replicas_prefer_separate_nodes(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var strategy = rendered.Deployment.Obj("spec", "strategy");
        var preferred = rendered.PodSpec.Objects("affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution").ToList();
        var podLabels = rendered.Deployment.StringMap("spec", "template", "metadata", "labels");

        await Assert.That(strategy.Str("type")).IsEqualTo("RollingUpdate");
        await Assert.That(strategy.At("rollingUpdate", "maxUnavailable")?.ToJsonString()).IsEqualTo("0");
        await Assert.That(preferred.Count).IsEqualTo(1);
        await Assert.That(preferred[0].Str("podAffinityTerm", "topologyKey")).IsEqualTo("kubernetes.io/hostname");
        var selects = preferred[0].StringMap("podAffinityTerm", "labelSelector", "matchLabels");
        await Assert.That(selects.Count).IsGreaterThan(0);
        await Assert.That(selects.All(kv => podLabels.GetValueOrDefault(kv.Key) == kv.Value)).IsTrue();
        // Required anti-affinity would leave a one-node cluster unable to surge during a rollout.
        await Assert.That(rendered.PodSpec.At("affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")).IsNull();
    }

    internal static Dictionary<string, long> ContainerPorts(JsonObject container) =>
        container.Objects("ports").ToDictionary(p => p.Str("name")!, p => p.Num("containerPort")!.Value);

    /// <summary>A port given by name must name a declared container port; by number it must be one.</summary>
    internal static long? ResolvePort(JsonNode? port, IReadOnlyDictionary<string, long> containerPorts) => port switch
    {
        JsonValue v when v.TryGetValue<string>(out var name) => containerPorts.TryGetValue(name, out var n) ? n : null,
        JsonValue v when v.TryGetValue<long>(out var number) => containerPorts.Values.Contains(number) ? number : null,
        _ => null,
    };
}
