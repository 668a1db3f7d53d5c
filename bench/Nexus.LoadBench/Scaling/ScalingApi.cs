using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Scaling;

/// <summary>The HTTP calls of the scaling rows, with the bench token: panels with given tools, timed triggers.</summary>
internal sealed class ScalingApi : IDisposable
{
    /// <summary>Sets one key to a string of <c>$args.n</c> characters (the state-size row's set-up).</summary>
    public const string FillHandler = "$state.blob = 'x'.repeat($args.n); return $args.n;";

    private readonly HttpClient _client;

    public ScalingApi(ServerProcess server)
    {
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", KernelUnderTest.Token());
    }

    public async Task CreatePanelAsync(string id, IReadOnlyDictionary<string, string> tools, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id, ["kind"] = "bench", ["initialState"] = new Dictionary<string, int> { ["count"] = 0 },
            ["tools"] = tools.Select(tool => new Dictionary<string, string> { ["name"] = tool.Key, ["handler"] = tool.Value }).ToArray(),
        });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/panels", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchFailure($"POST /panels {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>POST /panels/{id}/trigger/{tool} with a JSON body; the round trip in milliseconds.</summary>
    public async Task<double> TriggerAsync(string id, string tool, string argsJson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(argsJson, Encoding.UTF8, "application/json");
        var started = Stopwatch.GetTimestamp();
        using var response = await _client.PostAsync(new Uri($"/panels/{id}/trigger/{tool}", UriKind.Relative), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchFailure($"trigger {id}/{tool}: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
        return elapsed;
    }

    public void Dispose() => _client.Dispose();
}
