using System.Globalization;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Figures;

/// <summary>
/// One row of the table: how to read the figure from a target, how to print it, the target it is held to and
/// whether the kernel AOT value meets it (given the baseline's; null: cannot tell). <see cref="Step"/> names the
/// step whose correctness problems, if any, mark the row's cells.
/// </summary>
internal sealed record FigureRow(string Label, Func<TargetFigures, double?> Value, Func<double, string> Format, string Target, Func<double, double?, bool?> Verdict, string? Step = null)
{
    public static IReadOnlyList<FigureRow> All(ProofProfile profile) =>
    [
        new($"spawn → ready, warm cache (median of {profile.Spawns}; min–max)", f => f.SpawnToReadyMs, Ms0, "≤ 50 ms", (aot, _) => aot <= 50),
        new($"idle RSS, {ProofProfile.Panels} panels, after {(profile.Settle * 2).TotalSeconds:F0} s idle", f => f.IdleRssBytes, Mb, "≤ 40 MB", (aot, _) => aot <= 40e6),
        new($"HTTP triggers/s (wrk -t1 -c32 -d{profile.WrkSeconds}s)", f => f.TriggersPerSecond, PerSecond, "≥ 2× baseline", (aot, b) => b is { } v ? aot >= 2 * v : null, "wrk"),
        new("HTTP trigger latency p50", f => f.HttpP50Ms, Ms2, "", (_, _) => null, "wrk"),
        new("HTTP trigger latency p99", f => f.HttpP99Ms, Ms2, "≤ baseline", (aot, b) => b is { } v ? aot <= v : null, "wrk"),
        new("WS TRIGGER→RESULT p50, 1 connection", f => f.WsP50Us, Us, "≤ baseline", (aot, b) => b is { } v ? aot <= v : null),
        new("WS TRIGGER→RESULT p99, 1 connection", f => f.WsP99Us, Us, "", (_, _) => null),
        new($"one PATCH → {profile.FanOutClients:N0} clients p50 ({profile.FanOutRounds} rounds)", f => f.FanOutP50Ms, Ms1, "", (_, _) => null),
        new($"one PATCH → {profile.FanOutClients:N0} clients p99 ({profile.FanOutRounds} rounds)", f => f.FanOutP99Ms, Ms1, "≤ baseline", (aot, b) => b is { } v ? aot <= v : null),
        new($"bytes per idle WS connection ({profile.IdleConnections:N0} open)", f => f.BytesPerIdleConnection, KiB, "≤ baseline", (aot, b) => b is { } v ? aot <= v : null),
    ];

    private static string Ms0(double v) => Invariant($"{v:F0} ms");
    private static string Ms1(double v) => Invariant($"{v:F1} ms");
    private static string Ms2(double v) => Invariant($"{v:F2} ms");
    private static string Us(double v) => Invariant($"{v:F0} µs");
    private static string Mb(double v) => Invariant($"{v / 1e6:F1} MB");
    private static string KiB(double v) => Invariant($"{v / 1024:F1} KiB");
    private static string PerSecond(double v) => Invariant($"{v:N0}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
