using System.Net;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>Raw WebAssembly handlers over HTTP on the real server (real Wasmtime, modules written as WAT).</summary>
public sealed class WasmHandlerTests
{
    [Test]
    public async Task A_wasm_counter_reads_and_writes_state_through_the_ABI()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["CACHE_DIR"] = await CacheDirs.SeededAsync() });
        using var client = kernel.ClientFor("alice");
        await CreateAsync(client, "wasm_counter", """{"count":40}""", ("inc", WatModules.Counter));

        var first = await TriggerAsync(client, "wasm_counter", "inc");
        var second = await TriggerAsync(client, "wasm_counter", "inc");
        var state = await (await client.GetAsync("/panels/wasm_counter/state")).JsonAsync();

        await Assert.That(first.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(first.GetProperty("returnValue").GetInt32()).IsEqualTo(41);
        await Assert.That(first.GetProperty("stateMutations")[0].GetProperty("key").GetString()).IsEqualTo("count");
        await Assert.That(first.GetProperty("metrics").GetProperty("hostCalls").GetInt32()).IsEqualTo(2);
        await Assert.That(second.GetProperty("returnValue").GetInt32()).IsEqualTo(42);
        await Assert.That(state.GetProperty("count").GetInt32()).IsEqualTo(42);
    }

    [Test]
    public async Task A_foreign_import_is_refused_at_creation()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["CACHE_DIR"] = await CacheDirs.SeededAsync() });
        using var client = kernel.ClientFor("alice");
        using var response = await client.PostAsync("/panels", JsonContent($$"""
            {"kind":"k","tools":[{"name":"writer","module":"{{WatModules.Base64(WatModules.ForeignImport)}}"}]}
            """));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");
        await Assert.That(problem.GetProperty("tool").GetString()).IsEqualTo("writer");
        await Assert.That(problem.GetProperty("detail").GetString()).Contains("wasi_snapshot_preview1.fd_write");
    }

    [Test]
    public async Task Traps_and_runaway_loops_end_with_their_codes_while_other_panels_keep_answering()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["CACHE_DIR"] = await CacheDirs.SeededAsync(), ["TIMEOUT_MS"] = "200",
        });
        using var client = kernel.ClientFor("alice");
        await CreateAsync(client, "wasm_bad", "{}", ("unreachable", WatModules.Unreachable), ("oob", WatModules.OutOfBounds),
            ("spin", WatModules.InfiniteLoop));
        await CreateAsync(client, "wasm_good", "{}", ("inc", WatModules.Counter));

        var unreachable = await TriggerAsync(client, "wasm_bad", "unreachable");
        var good = await TriggerAsync(client, "wasm_good", "inc");
        var oob = await TriggerAsync(client, "wasm_bad", "oob");
        var spin = await TriggerAsync(client, "wasm_bad", "spin");
        var after = await TriggerAsync(client, "wasm_good", "inc");
        var again = await TriggerAsync(client, "wasm_bad", "unreachable");

        await Assert.That(Code(unreachable)).IsEqualTo("EXECUTION_ERROR");
        await Assert.That(Message(unreachable)).Contains("unreachable");
        await Assert.That(Code(oob)).IsEqualTo("EXECUTION_ERROR");
        await Assert.That(Message(oob)).Contains("out of bounds");
        await Assert.That(Code(spin)).IsEqualTo("TIMEOUT");
        await Assert.That(Code(again)).IsEqualTo("EXECUTION_ERROR");
        await Assert.That(good.GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        await Assert.That(after.GetProperty("returnValue").GetInt32()).IsEqualTo(2);
    }

    [Test]
    public async Task Capabilities_are_checked_by_the_host_for_wasm_handlers()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["CACHE_DIR"] = await CacheDirs.SeededAsync() });
        using var client = kernel.ClientFor("alice");
        using var created = await client.PostAsync("/panels", JsonContent($$"""
            {"id":"wasm_caps","kind":"k","tools":[
              {"name":"allowed","module":"{{WatModules.Base64(WatModules.Emitter)}}","capabilities":["events:emit:ping"]},
              {"name":"denied","module":"{{WatModules.Base64(WatModules.Emitter)}}","capabilities":["events:emit:other"]},
              {"name":"readonly","module":"{{WatModules.Base64(WatModules.Counter)}}","capabilities":["state:read:*"]}]}
            """));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);

        var allowed = await TriggerAsync(client, "wasm_caps", "allowed");
        var denied = await TriggerAsync(client, "wasm_caps", "denied");
        var readOnly = await TriggerAsync(client, "wasm_caps", "readonly");

        await Assert.That(allowed.GetProperty("events")[0].GetProperty("name").GetString()).IsEqualTo("ping");
        await Assert.That(allowed.GetProperty("events")[0].GetProperty("payload").GetProperty("n").GetInt32()).IsEqualTo(1);
        await Assert.That(Code(denied)).IsEqualTo("PERMISSION_DENIED");
        await Assert.That(denied.GetProperty("events").GetArrayLength()).IsEqualTo(0);
        await Assert.That(Code(readOnly)).IsEqualTo("PERMISSION_DENIED");
        await Assert.That(Message(readOnly)).Contains("state:write:count");
    }

    internal static async Task CreateAsync(HttpClient client, string id, string stateJson, params (string Name, string Wat)[] tools)
    {
        var list = string.Join(',', tools.Select(t => $$"""{"name":"{{t.Name}}","module":"{{WatModules.Base64(t.Wat)}}"}"""));
        using var response = await client.PostAsync("/panels", JsonContent($$"""
            {"id":"{{id}}","kind":"k","initialState":{{stateJson}},"tools":[{{list}}]}
            """));
        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.Created).Because(await response.Content.ReadAsStringAsync());
    }

    internal static async Task<System.Text.Json.JsonElement> TriggerAsync(HttpClient client, string panel, string tool) =>
        await (await client.PostAsync($"/panels/{panel}/trigger/{tool}", null)).JsonAsync();

    private static string? Code(System.Text.Json.JsonElement result) => result.GetProperty("error").GetProperty("code").GetString();

    private static string? Message(System.Text.Json.JsonElement result) => result.GetProperty("error").GetProperty("message").GetString();
}
