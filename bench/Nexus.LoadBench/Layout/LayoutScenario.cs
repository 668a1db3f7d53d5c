using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Layout;

/// <summary>
/// What the traced kernel does, in the order its code should be laid out: start-up and the proof run's idle state
/// first (the code an idle process keeps mapped), then the serving paths.
/// </summary>
internal static class LayoutScenario
{
    private const int SequentialTriggers = 96;
    private const int ConcurrentRounds = 12;
    private const int WsRoundTrips = 200;
    private const int FanOutClients = 20;
    private const int FanOutRounds = 3;

    /// <summary>
    /// Requests on connections the client closes (health checks, scrapers, most scripts): Kestrel's close and abort
    /// paths, and JSON with whitespace.
    /// </summary>
    private static async Task ClosingRequestsAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.ConnectionClose = true;
        client.DefaultRequestHeaders.Authorization = new("Bearer", KernelUnderTest.Token());
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
        }
        // A body laid out by a person or another serializer: whitespace between the tokens.
        const string Spaced = "{ \"id\": \"spaced\", \"kind\": \"bench\", \"initialState\": { \"count\": 0 },\n  \"tools\": [ { \"name\": \"inc\", \"handler\": \"return 1;\" } ] }";
        using var content = new StringContent(Spaced, System.Text.Encoding.UTF8, "application/json");
        using var created = await client.PostAsync(new Uri("/panels", UriKind.Relative), content, cancellationToken);
        if (created.StatusCode != System.Net.HttpStatusCode.Created) throw new BenchFailure($"POST /panels (spaced JSON): {(int)created.StatusCode}");
    }

    public static async Task WarmCacheAsync(ServerProcess server, CancellationToken cancellationToken)
    {
        await ReadinessProbe.WaitAsync(server, TimeSpan.FromSeconds(60), cancellationToken);
        using var api = new BenchApi(server);
        await api.CreateCounterPanelAsync("warm-up", cancellationToken);
    }

    public static async Task RunAsync(ServerProcess server, int panels, CancellationToken cancellationToken)
    {
        await ReadinessProbe.WaitAsync(server, TimeSpan.FromSeconds(60), cancellationToken);
        using var api = new BenchApi(server);
        for (var i = 0; i < panels; i++) await api.CreateCounterPanelAsync("p" + i, cancellationToken);
        await ClosingRequestsAsync(server, cancellationToken);
        // The proof run measures idle RSS after this pause; what runs in it (the idle collector) belongs to start-up.
        await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);

        // Sequential, then all panels at once (the worker pool's contended paths).
        for (var i = 0; i < SequentialTriggers; i++) await api.TriggerAsync("p" + (i % panels), cancellationToken);
        for (var round = 0; round < ConcurrentRounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, panels).Select(p => api.TriggerAsync("p" + p, cancellationToken)));
        }
        var counted = 0L;
        for (var i = 0; i < panels; i++) counted += await api.CountAsync("p" + i, cancellationToken);
        var sent = SequentialTriggers + ConcurrentRounds * panels;
        if (counted != sent) throw new BenchFailure($"the panels counted {counted} triggers, {sent} were sent");

        await api.CreateCounterPanelAsync("ws", cancellationToken);
        await WsRoundTrip.MeasureAsync(server, "ws", warmUp: 10, timed: WsRoundTrips, cancellationToken);
        await api.CreateCounterPanelAsync("fan", cancellationToken);
        await FanOut.MeasureAsync(server, api, "fan", FanOutClients, FanOutRounds, cancellationToken);
    }
}
