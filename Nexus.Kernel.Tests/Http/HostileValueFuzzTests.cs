using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// A seeded, bounded fuzz of hostile values handed to the host through every sink (state, return value, event,
/// view params, state key, throw, log), through the real server. Whatever the handler does: never a 500, never
/// INTERNAL_ERROR, the panel stays readable, and an execution that fails leaves state and version as they were.
/// </summary>
[NotInParallel(nameof(HostileValueFuzzTests))] // one kernel running a few hundred handlers, some CPU-bound
public class HostileValueFuzzTests
{
    private const int Seed = 1515;
    private const int Cases = 160;
    private const string InitialState = """{"v":0,"n":{"a":[1,"x"]}}""";

    private static readonly JsonElement Initial = JsonDocument.Parse(InitialState).RootElement.Clone();

    private static readonly string[] Values =
    [
        "1e400", "-1e400", "NaN", "-0", "2 ** 53 + 1", "Number.MIN_VALUE", "10n", "Symbol('s')", "() => 1", "undefined", "null",
        "new Proxy({}, { ownKeys() { throw new Error('trap'); } })",
        "new Proxy([], { get() { throw new Error('trap'); } })",
        "{ get x() { throw new Error('getter'); } }",
        "{ toJSON() { for (;;) {} } }",
        "{ toJSON() { return '\\uD800'; } }",
        "{ toJSON() { return 10n; } }",
        "{ toJSON() { $state.other = 2; return 1; } }",
        "{ toJSON() { throw { get message() { for (;;) {} } }; } }",
        "{ toJSON() { throw { get message() { return Symbol(); } }; } }",
        "(() => { const a = []; a.push(a); return a; })()",
        "(() => { let v = 0; for (let i = 0; i < 65; i++) v = [v]; return v; })()",
        "(() => { let v = 0; for (let i = 0; i < 100000; i++) v = [v]; return v; })()",
        "new Date(NaN)", "new Error('e')", "new Map([[1, 2]])", "new Uint8Array(3)", "[, , 1]", "Object.create(null)",
        "JSON.parse('{\"__proto__\": 1}')", "'\\u0000\\uFFFF'", "'x'.repeat(1 << 20)",
        "{ [Symbol.toPrimitive]() { throw new Error('primitive'); } }",
        "{ toString() { for (;;) {} } }",
    ];

    private static readonly string[] Sinks =
    [
        "$state.v = {0};", "return {0};", "$emit('e', {0});", "$view.command('list', 'go', {0});", "$state[{0}] = 1;",
        "throw {0};", "$log.info({0});", "$state.n.a.push({0});", "return [{0}, {0}];",
    ];

    [Test]
    public async Task Hostile_values_never_answer_500_or_internal_error_and_never_leave_a_panel_unreadable()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["TIMEOUT_MS"] = "200" });
        using var client = kernel.ClientFor("fuzz");
        var random = new Random(Seed);
        var failures = new List<string>();
        var ran = 0;
        for (var i = 0; i < Cases; i++)
        {
            var handler = Generate(random);
            if (await RunCaseAsync(client, "f" + i, handler) is { } failure) failures.Add($"{handler}\n  {failure}");
            ran++;
        }
        Console.WriteLine($"hostile value fuzz: {ran} cases ran (seed {Seed}), {failures.Count} failed");
        await Assert.That(failures).IsEmpty().Because(string.Join("\n", failures));
        await Assert.That(ran).IsEqualTo(Cases);
    }

    /// <summary>Creates a panel with the handler, triggers it, reads the panel back, deletes it: null when all held.</summary>
    private static async Task<string?> RunCaseAsync(HttpClient client, string id, string handler)
    {
        using (var created = await GuestPanels.CreateAsync(client, id, handler, InitialState))
        {
            if (created.StatusCode == HttpStatusCode.BadRequest) return null; // refused at creation: nothing to run
            if (created.StatusCode != HttpStatusCode.Created) return $"create answered {(int)created.StatusCode}";
        }
        var (status, result) = await ReadAsync(await client.PostAsync($"/panels/{id}/trigger/run", null));
        if (status != HttpStatusCode.OK) return $"trigger answered {(int)status}: {result}";
        var outcome = result!.Value;
        if (outcome.GetProperty("status").GetString() == "error")
        {
            if (outcome.GetProperty("error").GetProperty("code").GetString() == "INTERNAL_ERROR") return outcome.GetRawText();
            var (_, panel) = await ReadAsync(await client.GetAsync($"/panels/{id}"));
            if (panel is not { } info) return "the panel is unreadable after an error";
            if (info.GetProperty("version").GetInt64() != 0 || !JsonElement.DeepEquals(info.GetProperty("state"), Initial))
            {
                return "an error changed the panel: " + info.GetRawText();
            }
        }
        var (stateStatus, state) = await ReadAsync(await client.GetAsync($"/panels/{id}/state"));
        if (stateStatus != HttpStatusCode.OK || state is null) return $"GET state answered {(int)stateStatus}";
        using var deleted = await client.DeleteAsync($"/panels/{id}");
        return deleted.IsSuccessStatusCode ? null : $"DELETE answered {(int)deleted.StatusCode}";
    }

    private static string Generate(Random random)
    {
        var value = Values[random.Next(Values.Length)];
        var statement = string.Format(Sinks[random.Next(Sinks.Length)], "(" + value + ")");
        if (random.Next(3) == 0) statement = "await null; " + statement;
        if (random.Next(4) == 0) statement = "try { " + statement + " } catch (e) { $state.caught = String(e); }";
        return "$state.touched = true; " + statement;
    }

    /// <summary>The status and the parsed body (null when it does not parse); accepted values nest up to 64 levels
    /// inside the response's own envelope.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement? Body)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            try
            {
                using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
                return (response.StatusCode, document.RootElement.Clone());
            }
            catch (JsonException)
            {
                return (response.StatusCode, null);
            }
        }
    }
}
