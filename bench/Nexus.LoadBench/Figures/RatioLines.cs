using System.Globalization;
using Nexus.LoadBench.Micro;

namespace Nexus.LoadBench.Figures;

/// <summary>The lines under the table: AOT vs JIT, the sandbox and store ratios from Nexus.Bench, then what was
/// checked, skipped or failed for each target.</summary>
internal static class RatioLines
{
    public static IEnumerable<string> Build(TargetFigures aot, TargetFigures jit, TargetFigures baseline, MicroFigures? micro)
    {
        yield return "- **AOT ÷ JIT**: " + string.Join(", ",
            Ratio("spawn → ready", aot.SpawnToReadyMs, jit.SpawnToReadyMs),
            Ratio("idle RSS", aot.IdleRssBytes, jit.IdleRssBytes),
            Ratio("triggers/s", aot.TriggersPerSecond, jit.TriggersPerSecond),
            Ratio("HTTP p99", aot.HttpP99Ms, jit.HttpP99Ms),
            Ratio("bytes/idle connection", aot.BytesPerIdleConnection, jit.BytesPerIdleConnection));
        if (micro is null)
        {
            yield return "- **Sandbox, store**: not run (--no-micro)";
        }
        else
        {
            yield return micro.Sandbox is { } s
                ? I($"- **Sandbox** (Nexus.Bench --sandbox {micro.SandboxSamples}; counter handler, median per execution): plain C# call {s["plainUs"]:F2} µs · warm sandbox {s["warmUs"]:F1} µs · pristine (reset in place) {s["pristineUs"]:F1} µs · new instance from snapshot {s["newInstanceUs"] / 1000:F2} ms · through the engine {s["engineUs"]:F1} µs — pristine ÷ warm {s["pristineUs"] / s["warmUs"]:F1}×, warm ÷ plain {s["warmUs"] / s["plainUs"]:F0}×")
                : "- **Sandbox**: missing, " + micro.SandboxMissing;
            yield return micro.Store is { } r
                ? I($"- **Store** (Nexus.Bench --store {micro.StoreSeconds}; AOT binary, 8 concurrent HTTP triggers): memory {r["memoryPerSecond"]:N0} triggers/s vs Redis {r["redisPerSecond"]:N0} (Redis ÷ memory {r["redisPerSecond"] / r["memoryPerSecond"]:F2}×); PATCH fan-out p50/p99 {r["memoryP50Ms"]:F2}/{r["memoryP99Ms"]:F2} ms vs {r["redisP50Ms"]:F2}/{r["redisP99Ms"]:F2} ms")
                : "- **Store**: missing, " + micro.StoreMissing;
        }
        foreach (var target in new[] { aot, jit, baseline })
        {
            if (target.Skipped is { } reason) yield return $"- {target.Name}: skipped, {reason}";
            foreach (var check in target.Checks) yield return $"- {target.Name} checked: {check}";
            foreach (var problem in target.Problems) yield return $"- {target.Name} (!) {problem}";
            foreach (var failure in target.Failures) yield return $"- {target.Name} FAILED {failure.ReplaceLineEndings(" ")}";
        }
    }

    private static string Ratio(string what, double? a, double? b) => a is { } x && b is { } y && y != 0 ? I($"{what} {x / y:F2}×") : $"{what} —";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
