using System.Text.Json.Nodes;

namespace Nexus.LoadBench.Soak;

/// <summary>The summary: traffic per kind, expected errors per code, unexpected outcomes, the resource trends and
/// their verdict, then one <c>SOAK {json}</c> line for an orchestrator.</summary>
internal static class SoakReport
{
    public static int Print(Ledger ledger, IReadOnlyList<ProcSample> samples, ProcSample? quiet, int seconds, int health, long patches)
    {
        var rss = Trend.Of("RSS", "MB", samples, seconds, static s => s.RssMb);
        var threads = Trend.Of("threads", "", samples, seconds, static s => s.Threads);
        var fds = Trend.Of("fds", "", samples, seconds, static s => s.Fds);
        var flat = Trend.Flat(rss, threads, fds);
        var passed = ledger.Unexpected == 0 && health == 200;

        Console.WriteLine();
        Console.WriteLine($"soak: {seconds} s, {ledger.Total:N0} outcomes, {patches:N0} PATCHes read by the long-lived subscribers");
        Console.WriteLine("traffic | ok | expected error | unexpected");
        Console.WriteLine("---|---:|---:|---:");
        foreach (var (kind, ok, expected, unexpected) in ledger.Kinds) Console.WriteLine($"{kind} | {ok:N0} | {expected:N0} | {unexpected:N0}");
        Console.WriteLine();
        Console.WriteLine("expected error | count");
        Console.WriteLine("---|---:");
        foreach (var (code, count) in ledger.ExpectedByCode) Console.WriteLine($"{code} | {count:N0}");
        Console.WriteLine();
        Console.WriteLine($"unexpected: {ledger.Unexpected}");
        foreach (var sample in ledger.Samples) Console.WriteLine("  " + sample);
        Console.WriteLine();
        Console.WriteLine($"resource (after {Trend.WarmUp:P0} warm-up, {rss.Points} samples every 5 s) | slope/min | first | last | min | max | median");
        Console.WriteLine("---|---:|---:|---:|---:|---:|---:");
        foreach (var t in new[] { rss, threads, fds }) Console.WriteLine($"{t.Name} | {t.SlopePerMin:+0.00;-0.00;0.00} {t.Unit} | {t.First:F1} | {t.Last:F1} | {t.Min:F1} | {t.Max:F1} | {t.Median:F1}");
        if (samples.Count > 1) Console.WriteLine($"kernel CPU: {(samples[^1].CpuSeconds - samples[0].CpuSeconds) / (samples[^1].Seconds - samples[0].Seconds):F2} cores on average ({Environment.ProcessorCount} available)");
        if (quiet is { } q) Console.WriteLine($"5 s after the traffic stopped: RSS {q.RssMb:F1} MB, {q.Threads} threads, {q.Fds} fds (first sample: {Describe(samples)})");
        Console.WriteLine($"verdict: {(flat ? "flat" : "NOT flat")} ({Trend.Rule})");
        Console.WriteLine($"/health at the end: {health}; result: {(passed ? "PASS" : "FAIL")} (pass = no unexpected outcome and /health 200; flatness is reported, not gated)");

        Console.WriteLine("SOAK " + new JsonObject
        {
            ["seconds"] = seconds,
            ["outcomes"] = ledger.Total,
            ["unexpected"] = ledger.Unexpected,
            ["health"] = health,
            ["rssSlopeMbPerMin"] = Round(rss.SlopePerMin),
            ["rssFirstMb"] = Round(rss.First),
            ["rssLastMb"] = Round(rss.Last),
            ["rssMaxMb"] = Round(rss.Max),
            ["threadsSlopePerMin"] = Round(threads.SlopePerMin),
            ["threadsLast"] = threads.Last,
            ["fdsSlopePerMin"] = Round(fds.SlopePerMin),
            ["fdsLast"] = fds.Last,
            ["flat"] = flat,
            ["pass"] = passed,
        }.ToJsonString());
        return passed ? 0 : 1;
    }

    private static string Describe(IReadOnlyList<ProcSample> samples) =>
        samples.Count == 0 ? "none" : $"RSS {samples[0].RssMb:F1} MB, {samples[0].Threads} threads, {samples[0].Fds} fds";

    /// <summary>Two decimals; NaN (too few samples) becomes null, which JSON can carry.</summary>
    private static JsonNode? Round(double value) =>
        double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 2)) : null;
}
