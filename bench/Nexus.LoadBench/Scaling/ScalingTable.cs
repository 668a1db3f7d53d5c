using System.Globalization;
using System.Text;

namespace Nexus.LoadBench.Scaling;

/// <summary>The scaling rows as markdown: one table per curve, each point a row, then the checks and failures.</summary>
internal sealed class ScalingTable(ScalingOptions options, string? baselineSkip, string loadBefore)
{
    public IReadOnlyList<PanelCountCurve.Point> Panels { get; set; } = [];
    public IReadOnlyList<StateSizeCurve.Point> KernelStates { get; set; } = [];
    public IReadOnlyList<StateSizeCurve.Point> BaselineStates { get; set; } = [];
    public IReadOnlyList<CoreCountCurve.Point> KernelCores { get; set; } = [];
    public IReadOnlyList<CoreCountCurve.Point> BaselineCores { get; set; } = [];
    public List<string> Failures { get; } = [];

    public bool Complete => Failures.Count == 0 && Panels.Count == options.PanelCounts.Length && KernelStates.Count == options.StateSizes.Length
        && KernelCores.Count > 0 && Problems().Count == 0;

    public string Render(string loadAfter, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### How cost grows ({(options.Quick ? "quick" : "full")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"load average {loadBefore} → {loadAfter}, {elapsed.TotalMinutes:F1} min, {Environment.ProcessorCount} cores");
        text.AppendLine();
        text.AppendLine("| panels | RSS ready → with panels | RSS per panel | create (s) | triggers/s over all panels | p50 / p99 |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var p in Panels)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {ScalingOptions.Text(p.Panels)} | {Mb(p.EmptyRss)} → {Mb(p.LoadedRss)} MB | {p.BytesPerPanel / 1024:F1} KiB | {p.CreateSeconds:F1} | {p.Wrk.RequestsPerSecond:N0} | {p.Wrk.P50Ms:F2} / {p.Wrk.P99Ms:F2} ms |");
        }
        text.AppendLine();
        text.AppendLine("| state size | kernel AOT p50 / p99 | Node baseline p50 / p99 | triggers timed |");
        text.AppendLine("|---|---|---|---|");
        foreach (var k in KernelStates)
        {
            var b = BaselineStates.FirstOrDefault(point => point.StateBytes == k.StateBytes);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Size(k.StateBytes)} | {k.P50Ms:F2} / {k.P99Ms:F2} ms | {(b is null ? baselineSkip ?? "—" : $"{b.P50Ms:F2} / {b.P99Ms:F2} ms")} | {k.Samples} |");
        }
        text.AppendLine();
        text.AppendLine("| cores (taskset) | kernel AOT triggers/s (p99) | Node baseline triggers/s (p99) |");
        text.AppendLine("|---|---|---|");
        foreach (var k in KernelCores)
        {
            var b = BaselineCores.FirstOrDefault(point => point.Cores == k.Cores);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {k.Cores} | {k.Wrk.RequestsPerSecond:N0} ({k.Wrk.P99Ms:F2} ms) | {(b is null ? baselineSkip ?? "—" : $"{b.Wrk.RequestsPerSecond:N0} ({b.Wrk.P99Ms:F2} ms)")} |");
        }
        text.AppendLine();
        text.AppendLine("Checked: wrk runs had no non-2xx and no socket errors and the panels' counters sum to the responses; every timed trigger answered 200.");
        foreach (var problem in Problems()) text.AppendLine("- (!) " + problem);
        foreach (var failure in Failures) text.AppendLine("- failed: " + failure);
        return text.ToString();
    }

    private List<string> Problems() =>
    [
        .. Panels.SelectMany(p => p.Problems.Select(problem => $"panels {p.Panels}: {problem}")),
        .. KernelCores.SelectMany(p => p.Problems.Select(problem => $"kernel on {p.Cores} cores: {problem}")),
        .. BaselineCores.SelectMany(p => p.Problems.Select(problem => $"baseline on {p.Cores} cores: {problem}")),
    ];

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture);

    private static string Size(int bytes) => bytes >= 1_048_576 ? $"{bytes / 1_048_576} MiB" : $"{bytes / 1024} KiB";
}
