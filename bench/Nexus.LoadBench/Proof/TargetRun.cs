using Nexus.LoadBench.Figures;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Targets;
using Nexus.LoadBench.Wrk;

namespace Nexus.LoadBench.Proof;

/// <summary>
/// Every end-to-end figure of one target, in this order: spawn → ready (its own processes), then one long-lived
/// process: 8 counter panels (p0..p7) and idle RSS, bytes per idle connection, wrk, WebSocket round trip, PATCH fan-out.
/// A failed step is recorded and the next one runs; the process is killed at the end whatever happens.
/// </summary>
internal static class TargetRun
{
    public static async Task<TargetFigures> MeasureAsync(ITarget target, ProofOptions options, CancellationToken cancellationToken)
    {
        var figures = new TargetFigures(target.Name);
        if (target.SkipReason is { } reason)
        {
            figures.Skipped = reason;
            Progress.Say($"{target.Name}: skipped, {reason}");
            return figures;
        }
        var profile = options.Profile;
        await StepAsync(figures, "spawn → ready", cancellationToken, async () =>
        {
            (figures.SpawnToReadyMs, figures.SpawnMinMs, figures.SpawnMaxMs) = await SpawnToReady.MeasureAsync(target, profile.Spawns, cancellationToken);
        });

        Progress.Say($"{target.Name}: starting the measured process");
        await using var server = target.Spawn();
        using var api = new BenchApi(server);
        if (!await StepAsync(figures, "start", cancellationToken, () => ReadinessProbe.WaitAsync(server, TimeSpan.FromSeconds(60), cancellationToken))) return figures;
        if (!await StepAsync(figures, "create panels", cancellationToken, async () =>
            {
                for (var i = 0; i < ProofProfile.Panels; i++) await api.CreateCounterPanelAsync("p" + i, cancellationToken);
            }))
        {
            return figures;
        }

        await StepAsync(figures, "idle RSS", cancellationToken, async () =>
        {
            await Task.Delay(profile.Settle * 2, cancellationToken);
            figures.IdleRssBytes = server.ResidentBytes();
            Progress.Say($"  idle RSS {figures.IdleRssBytes / 1e6:F1} MB");
        });
        await StepAsync(figures, "idle connections", cancellationToken, async () =>
            figures.BytesPerIdleConnection = await IdleConnections.BytesPerConnectionAsync(server, "p7", profile.IdleConnections, profile.Settle, cancellationToken));
        await StepAsync(figures, "wrk", cancellationToken, async () =>
        {
            await Task.Delay(profile.Settle, cancellationToken); // the closed connections are gone before wrk starts
            var http = await HttpThroughput.MeasureAsync(server, api, options.WrkScript, ProofProfile.Panels, profile.WrkWarmUpSeconds, profile.WrkSeconds, cancellationToken);
            (figures.TriggersPerSecond, figures.HttpP50Ms, figures.HttpP99Ms) = (http.Main.RequestsPerSecond, http.Main.P50Ms, http.Main.P99Ms);
            figures.Checks.Add("wrk: " + http.Check);
            figures.Problems.AddRange(http.Problems.Select(p => "wrk: " + p));
        });
        await StepAsync(figures, "WebSocket round trip", cancellationToken, async () =>
        {
            await api.CreateCounterPanelAsync("ws", cancellationToken);
            var micros = await WsRoundTrip.MeasureAsync(server, "ws", profile.WsWarmUp, profile.WsRoundTrips, cancellationToken);
            (figures.WsP50Us, figures.WsP99Us) = (Percentiles.Of(micros, 50), Percentiles.Of(micros, 99));
            figures.Checks.Add($"WebSocket: {profile.WsWarmUp + profile.WsRoundTrips} RESULTs matched their requestId, all success");
            Progress.Say($"  TRIGGER→RESULT p50 {figures.WsP50Us:F0} µs, p99 {figures.WsP99Us:F0} µs");
        });
        await StepAsync(figures, "fan-out", cancellationToken, async () =>
        {
            await api.CreateCounterPanelAsync("fan", cancellationToken);
            var micros = await FanOut.MeasureAsync(server, api, "fan", profile.FanOutClients, profile.FanOutRounds, cancellationToken);
            (figures.FanOutP50Ms, figures.FanOutP99Ms) = (Percentiles.Of(micros, 50) / 1000, Percentiles.Of(micros, 99) / 1000);
            figures.Checks.Add($"fan-out: {profile.FanOutClients} clients × {profile.FanOutRounds + 1} rounds, one version per round, consecutive");
            Progress.Say($"  fan-out p50 {figures.FanOutP50Ms:F1} ms, p99 {figures.FanOutP99Ms:F1} ms");
        });
        if (server.HasExited) figures.Failures.Add("the server exited during the run: " + server.Describe());
        return figures;
    }

    /// <summary>Runs one step; a failure (a timeout included) is recorded, not thrown, unless the run's budget is spent.</summary>
    private static async Task<bool> StepAsync(TargetFigures figures, string step, CancellationToken budget, Func<Task> body)
    {
        Progress.Say($"{figures.Name}: {step}");
        try
        {
            await body();
            return true;
        }
        catch (Exception error) when (!budget.IsCancellationRequested)
        {
            var message = error is BenchFailure ? error.Message : $"{error.GetType().Name}: {error.Message}";
            figures.Failures.Add($"{step}: {message}");
            Progress.Say($"{figures.Name}: {step} FAILED: {message}");
            return false;
        }
    }
}
