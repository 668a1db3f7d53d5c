using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Measure;

/// <summary>The few HTTP calls the bench makes, with the bench token; the same wire shapes on every target.</summary>
internal sealed class BenchApi : IDisposable
{
    /// <summary>The handler every figure runs.</summary>
    public const string CounterHandler = "$state.count = $state.count + 1; return $state.count;";

    private readonly HttpClient _client;

    public BenchApi(ServerProcess server)
    {
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KernelUnderTest.Token());
    }

    public async Task CreateCounterPanelAsync(string id, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id, ["kind"] = "bench", ["initialState"] = new Dictionary<string, int> { ["count"] = 0 },
            ["tools"] = new[] { new Dictionary<string, string> { ["name"] = "inc", ["handler"] = CounterHandler } },
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/panels", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchFailure($"POST /panels {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>POST /panels/{id}/trigger/inc; the returned count.</summary>
    public async Task<long> TriggerAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsync(new Uri($"/panels/{id}/trigger/inc", UriKind.Relative), null, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchFailure($"trigger {id}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("returnValue").GetInt64();
    }

    /// <summary>GET /panels/{id}/state, its <c>count</c>.</summary>
    public async Task<long> CountAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(new Uri($"/panels/{id}/state", UriKind.Relative), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchFailure($"GET /panels/{id}/state: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("count").GetInt64();
    }

    public void Dispose() => _client.Dispose();
}
