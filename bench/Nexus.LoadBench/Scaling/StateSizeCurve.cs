using Nexus.LoadBench.Figures;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// State-size row: one panel per size whose <c>blob</c> key holds a string of that many characters (set once by a
/// fill tool), then sequential triggers of the counter tool, which changes only <c>count</c>: p50/p99 of the HTTP
/// round trip, one trigger at a time (no queueing in the figure).
/// </summary>
internal static class StateSizeCurve
{
    public sealed record Point(int StateBytes, double P50Ms, double P99Ms, int Samples);

    public static async Task<IReadOnlyList<Point>> MeasureAsync(ScalingOptions options, ServerProcess server, CancellationToken cancellationToken)
    {
        using var api = new ScalingApi(server);
        var points = new List<Point>();
        foreach (var size in options.StateSizes)
        {
            var id = "state" + size;
            await api.CreatePanelAsync(id, new Dictionary<string, string> { ["inc"] = Measure.BenchApi.CounterHandler, ["fill"] = ScalingApi.FillHandler }, cancellationToken);
            await api.TriggerAsync(id, "fill", "{\"args\":{\"n\":" + size.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}", cancellationToken);
            var timed = options.TimedTriggers(size);
            for (var i = 0; i < Math.Max(5, timed / 10); i++) await api.TriggerAsync(id, "inc", "{}", cancellationToken);
            var samples = new List<double>(timed);
            for (var i = 0; i < timed; i++) samples.Add(await api.TriggerAsync(id, "inc", "{}", cancellationToken));
            var point = new Point(size, Percentiles.Median(samples), Percentiles.Of(samples, 99), samples.Count);
            Progress.Say($"  state {size} B: p50 {point.P50Ms:F2} ms, p99 {point.P99Ms:F2} ms ({samples.Count} triggers)");
            points.Add(point);
        }
        return points;
    }
}
