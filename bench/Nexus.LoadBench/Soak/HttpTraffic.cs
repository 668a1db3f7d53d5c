using System.Net;
using System.Text;
using System.Text.Json;

namespace Nexus.LoadBench.Soak;

/// <summary>HTTP triggers (good and hostile tools) and reads over one keep-alive <see cref="HttpClient"/>.</summary>
internal sealed class HttpTraffic(HttpClient http, Ledger ledger)
{
    private int _n;

    /// <summary>Triggers a random tool (well-behaved or quickly failing) of a random good panel.</summary>
    public Task GoodTriggersAsync(TimeSpan pause, CancellationToken stop) => ledger.LoopAsync("http trigger", pause, stop, async () =>
    {
        var tool = Pick(SoakPanels.GoodTools);
        ledger.Judge("http trigger", tool.ExpectedCode, await TriggerAsync(Pick(SoakPanels.Good), tool, Interlocked.Increment(ref _n)));
    });

    /// <summary>Triggers a random slow hostile tool (endless loops, memory bomb, recursion) of a hostile panel.</summary>
    public Task HostileTriggersAsync(TimeSpan pause, CancellationToken stop) => ledger.LoopAsync("http hostile", pause, stop, async () =>
    {
        var tool = Pick(SoakPanels.HostileTools);
        ledger.Judge("http hostile", tool.ExpectedCode, await TriggerAsync(Pick(SoakPanels.Hostile), tool, Interlocked.Increment(ref _n)));
    });

    /// <summary>Reads the panel list, a panel, its state and /health in turn; a good panel's count is never negative.</summary>
    public Task ReadsAsync(TimeSpan pause, CancellationToken stop)
    {
        var round = 0;
        return ledger.LoopAsync("http read", pause, stop, async () =>
        {
            var panel = Pick(SoakPanels.Good);
            var (path, check) = (round++ % 4) switch
            {
                0 => ("/panels", (Func<JsonElement, bool>)(static r => r.GetProperty("total").GetInt32() >= SoakPanels.All.Count())),
                1 => ($"/panels/{panel}", static r => r.GetProperty("state").GetProperty("count").GetInt64() >= 0),
                2 => ($"/panels/{panel}/state", static r => r.GetProperty("count").GetInt64() >= 0),
                _ => ("/health", static r => r.GetProperty("status").GetString() == "healthy"),
            };
            using var response = await http.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            using var json = response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(body) : null;
            if (json is not null && check(json.RootElement)) ledger.Ok("http read");
            else ledger.Fail("http read", $"GET {path}: {(int)response.StatusCode} {body}");
        });
    }

    /// <summary>POST /panels/{panel}/trigger/{tool} with <c>{"args": {"n": n}}</c>: a 200 whose result the tool accepts.</summary>
    public async Task<Outcome> TriggerAsync(string panel, ToolCase tool, int n)
    {
        using var response = await http.PostAsync($"/panels/{panel}/trigger/{tool.Name}", Json($$"""{"args":{{tool.Args(n)}}}"""));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) return Outcome.Bad($"POST {panel}/{tool.Name}: {(int)response.StatusCode} {body}");
        using var result = JsonDocument.Parse(body);
        return tool.Check(result.RootElement, n);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static T Pick<T>(IReadOnlyList<T> items) => items[Random.Shared.Next(items.Count)];
}
