namespace Nexus.LoadBench.Soak;

/// <summary>
/// One resource over the soak after warm-up: the least-squares slope per minute, and first/last/min/max/median.
/// </summary>
internal sealed record Trend(string Name, string Unit, double SlopePerMin, double First, double Last, double Min, double Max, double Median, int Points)
{
    /// <summary>The share of the run discarded as warm-up (thread pool growth, caches, first compiles).</summary>
    public const double WarmUp = 0.10;

    public static Trend Of(string name, string unit, IReadOnlyList<ProcSample> samples, double seconds, Func<ProcSample, double> value)
    {
        var kept = samples.Where(s => s.Seconds >= WarmUp * seconds).ToList();
        if (kept.Count < 3) kept = [.. samples];
        var xs = kept.Select(static s => s.Seconds / 60).ToArray();
        var ys = kept.Select(value).ToArray();
        if (ys.Length == 0) return new(name, unit, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
        var (mx, my) = (xs.Average(), ys.Average());
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        var slope = sxx == 0 ? double.NaN : xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
        var sorted = ys.Order().ToArray();
        return new(name, unit, slope + 0.0, ys[0], ys[^1], sorted[0], sorted[^1], sorted[sorted.Length / 2], ys.Length);
    }

    /// <summary>
    /// The rule for "flat", generous on purpose (a soak looks for leaks, not noise): RSS grows by less than
    /// 1 MB/min and ends within 1.25x of its median; threads and fds grow by less than 1 per minute. Only growth
    /// counts: the .NET thread pool retiring idle threads after the first minutes is not a leak.
    /// </summary>
    public const string Rule = "flat = RSS slope < 1 MB/min and last RSS <= 1.25 x post-warm-up median; threads slope < 1/min; fds slope < 1/min";

    public static bool Flat(Trend rss, Trend threads, Trend fds) =>
        rss.SlopePerMin < 1.0 && rss.Last <= 1.25 * rss.Median && threads.SlopePerMin < 1.0 && fds.SlopePerMin < 1.0;
}
