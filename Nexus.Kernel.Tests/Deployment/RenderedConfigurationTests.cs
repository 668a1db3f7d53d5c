using Microsoft.Extensions.Configuration;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// The kernel's own configuration loader accepts what each environment's pod gets (ConfigMap + Secret), so a
/// manifest value that breaks a §6 rule fails here instead of as a CrashLoopBackOff.
/// </summary>
internal sealed class RenderedConfigurationTests
{
    [Test]
    [MethodDataSource(typeof(RenderedManifests), nameof(RenderedManifests.AllTargets))]
    public async Task Kernel_accepts_the_environment_the_pod_gets(string target)
    {
        var rendered = await RenderedManifests.ForAsync(target);
        var environment = new Dictionary<string, string?>(rendered.Config.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)))
        {
            // Stand-ins for what the operator's Secret provides.
            ["JWT_SECRET"] = new string('s', 48),
        };
        if (rendered.Config["PANEL_STORE"] == "redis") environment["REDIS_URL"] = "redis.redis.svc:6379";

        var options = KernelOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(environment).Build());

        await Assert.That(options.Execution.MaxInstances).IsEqualTo((int)rendered.ConfigNumber("MAX_INSTANCES"));
        await Assert.That(options.Execution.MemoryLimitMb).IsEqualTo((int)rendered.ConfigNumber("MEMORY_LIMIT_MB"));
        await Assert.That(options.Shutdown.ShutdownTimeoutMs).IsEqualTo((int)rendered.ConfigNumber("SHUTDOWN_TIMEOUT_MS"));
        await Assert.That(options.ModuleCache.CacheDir).IsEqualTo(rendered.Config["CACHE_DIR"]);
    }
}
