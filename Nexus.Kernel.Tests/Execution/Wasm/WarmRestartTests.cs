using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>A second kernel on a warm CACHE_DIR compiles nothing (each kernel has its own module cache, so the
/// second one really reads the disk tier; nothing is shared through the process).</summary>
public sealed class WarmRestartTests
{
    private const string Compiles = "nexus_module_compile_duration_seconds_count";

    [Test]
    public async Task A_second_kernel_on_a_warm_cache_dir_compiles_nothing()
    {
        var dir = CacheDirs.Empty();
        var settings = new Dictionary<string, string?> { ["CACHE_DIR"] = dir };
        await using (var cold = await TestKernel.StartAsync(settings))
        {
            using var client = cold.ClientFor("alice");
            await CreateBothAsync(client);
            var js = await WasmHandlerTests.TriggerAsync(client, "warm", "js");
            var wasm = await WasmHandlerTests.TriggerAsync(client, "warm", "wasm");
            var metrics = await Scrape.MetricsAsync(cold.MetricsPort);
            await Assert.That(Scrape.Value(metrics, Compiles)).IsEqualTo(2);
            await Assert.That(Scrape.Value(metrics, "nexus_module_cache_misses_total")).IsEqualTo(2);
            await Assert.That(js.GetProperty("metrics").GetProperty("cacheHit").GetBoolean()).IsFalse();
            await Assert.That(wasm.GetProperty("metrics").GetProperty("cacheHit").GetBoolean()).IsFalse();
        }

        await using var warm = await TestKernel.StartAsync(settings);
        using var warmClient = warm.ClientFor("alice");
        var atStart = await Scrape.MetricsAsync(warm.MetricsPort);
        await CreateBothAsync(warmClient);
        var firstJs = await WasmHandlerTests.TriggerAsync(warmClient, "warm", "js");
        var firstWasm = await WasmHandlerTests.TriggerAsync(warmClient, "warm", "wasm");
        var afterwards = await Scrape.MetricsAsync(warm.MetricsPort);
        var health = await (await warmClient.GetAsync("/health")).JsonAsync();

        await Assert.That(Scrape.Value(atStart, Compiles)).IsEqualTo(0);
        await Assert.That(Scrape.Value(afterwards, Compiles)).IsEqualTo(0);
        await Assert.That(Scrape.Value(afterwards, "nexus_module_cache_misses_total")).IsEqualTo(0);
        await Assert.That(Scrape.Value(afterwards, "nexus_module_cache_hits_total{tier=\"disk\"}")).IsEqualTo(2);
        await Assert.That(firstJs.GetProperty("metrics").GetProperty("cacheHit").GetBoolean()).IsTrue();
        await Assert.That(firstJs.GetProperty("returnValue").GetInt32()).IsEqualTo(2);
        await Assert.That(firstWasm.GetProperty("metrics").GetProperty("cacheHit").GetBoolean()).IsTrue();
        await Assert.That(firstWasm.GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        await Assert.That(health.GetProperty("runtime").GetProperty("cacheHitRate").GetDouble()).IsEqualTo(1.0);
        await Assert.That(warm.Log.All).DoesNotContain("\"eventId\":6102");
    }

    private static async Task CreateBothAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/panels", HttpAssertions.JsonContent($$"""
            {"id":"warm","kind":"k","initialState":{"n":1},"tools":[
              {"name":"js","handler":"return $state.n + 1;"},
              {"name":"wasm","module":"{{WatModules.Base64(WatModules.Counter)}}"}]}
            """));
        await Assert.That(response.StatusCode).IsEqualTo(System.Net.HttpStatusCode.Created);
    }
}
