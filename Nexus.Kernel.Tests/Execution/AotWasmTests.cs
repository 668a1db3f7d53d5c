using System.Net;
using System.Net.Http.Headers;
using Nexus.Kernel.Tests.Build;
using Nexus.Kernel.Tests.Execution.Wasm;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The published Native AOT binary runs a wasm handler end to end, then restarts warm on its CACHE_DIR.</summary>
[NotInParallel("aot-binary")]
public sealed class AotWasmTests
{
    private const string Compiles = "nexus_module_compile_duration_seconds_count";

    [Test]
    public async Task The_AOT_binary_runs_a_wasm_handler_and_restarts_warm()
    {
        var binary = await AotPublish.EnsureAsync();
        var environment = AotBinaryTests.BaseEnvironment(CacheDirs.Empty());

        await using (var cold = await StartReadyAsync(binary, environment))
        {
            using var client = Client(cold);
            var (created, result) = await CreateAndTriggerAsync(client);
            await Assert.That(created).IsEqualTo(HttpStatusCode.Created);
            await Assert.That(result.GetProperty("returnValue").GetInt32()).IsEqualTo(6);
            await Assert.That(result.GetProperty("metrics").GetProperty("cacheHit").GetBoolean()).IsFalse();
            await Assert.That(Scrape.Value(await Scrape.MetricsAsync(cold.MetricsPort), Compiles)).IsEqualTo(3); // QuickJS and the two modules
            var trap = await (await client.PostAsync("/panels/aot_wasm/trigger/trap", null)).JsonAsync();
            await Assert.That(trap.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("EXECUTION_ERROR");
            cold.Signal(15);
            await Assert.That(await cold.WaitForExitAsync(TimeSpan.FromSeconds(30))).IsEqualTo(0);
        }

        await using var warm = await StartReadyAsync(binary, environment);
        using var warmClient = Client(warm);
        var (again, first) = await CreateAndTriggerAsync(warmClient);
        var metrics = await Scrape.MetricsAsync(warm.MetricsPort);

        await Assert.That(again).IsEqualTo(HttpStatusCode.Created);
        await Assert.That(first.GetProperty("returnValue").GetInt32()).IsEqualTo(6);
        await Assert.That(first.GetProperty("metrics").GetProperty("cacheHit").GetBoolean()).IsTrue();
        await Assert.That(Scrape.Value(metrics, Compiles)).IsEqualTo(0);
        await Assert.That(Scrape.Value(metrics, "nexus_module_cache_hits_total{tier=\"disk\"}") ?? 0).IsEqualTo(3);
    }

    private static async Task<KernelProcess> StartReadyAsync(string binary, Dictionary<string, string> environment)
    {
        var kernel = KernelProcess.Start(binary, environment);
        await kernel.WaitListeningAsync();
        await kernel.WaitForLineAsync(static line => line.Contains("\"eventId\":6000", StringComparison.Ordinal), TimeSpan.FromMinutes(2));
        return kernel;
    }

    private static HttpClient Client(KernelProcess kernel)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.HttpPort}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Jwt.Hs256(Jwt.Payload("aot", exp: Jwt.Now + 600, iat: Jwt.Now)));
        return client;
    }

    private static async Task<(HttpStatusCode Created, System.Text.Json.JsonElement Result)> CreateAndTriggerAsync(HttpClient client)
    {
        using var created = await client.PostAsync("/panels", JsonContent($$"""
            {"id":"aot_wasm","kind":"k","initialState":{"count":5},"tools":[
              {"name":"inc","module":"{{WatModules.Base64(WatModules.Counter)}}"},
              {"name":"trap","module":"{{WatModules.Base64(WatModules.Unreachable)}}"}]}
            """));
        var result = await (await client.PostAsync("/panels/aot_wasm/trigger/inc", null)).JsonAsync();
        return (created.StatusCode, result);
    }
}
