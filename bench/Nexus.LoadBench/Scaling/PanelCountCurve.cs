using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Proof;
using Nexus.LoadBench.Wrk;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// Panels row: for each count, a fresh AOT kernel; RSS when ready, then after creating that many counter panels and
/// a settle; the difference per panel; then wrk round-robin over all of them (every panel gets triggers, far more
/// panels than warm sandboxes), with the throughput check of the proof run.
/// </summary>
internal static class PanelCountCurve
{
    public sealed record Point(int Panels, long EmptyRss, long LoadedRss, double CreateSeconds, WrkOutput Wrk, IReadOnlyList<string> Problems)
    {
        public double BytesPerPanel => (LoadedRss - EmptyRss) / (double)Panels;
    }

    private const int CreateConcurrency = 8;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    public static async Task<IReadOnlyList<Point>> MeasureAsync(ScalingOptions options, CancellationToken cancellationToken)
    {
        // An untimed spawn first fills CACHE_DIR with the compiled QuickJS, so every measured kernel starts warm.
        await using (await ScalingServers.StartKernelAsync(options.AotBinary, cores: null, cancellationToken)) { }
        var points = new List<Point>();
        foreach (var panels in options.PanelCounts)
        {
            Progress.Say($"panels: {panels}");
            await using var server = await ScalingServers.StartKernelAsync(options.AotBinary, cores: null, cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            var empty = server.ResidentBytes();
            using var api = new BenchApi(server);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await Parallel.ForAsync(0, panels, new ParallelOptions { MaxDegreeOfParallelism = CreateConcurrency, CancellationToken = cancellationToken },
                async (i, token) => await api.CreateCounterPanelAsync("p" + i, token));
            var createSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            await Task.Delay(Settle, cancellationToken);
            var loaded = server.ResidentBytes();
            var throughput = await HttpThroughput.MeasureAsync(server, api, options.WrkScript, panels, options.WarmUpSeconds, options.WrkSeconds, cancellationToken);
            points.Add(new Point(panels, empty, loaded, createSeconds, throughput.Main, throughput.Problems));
        }
        return points;
    }
}
