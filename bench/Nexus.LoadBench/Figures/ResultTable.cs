using System.Globalization;
using System.Text;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Figures;

/// <summary>
/// The one markdown table of the proof run: rows are figures; columns kernel AOT, kernel JIT, Node baseline,
/// AOT ÷ baseline and the target with its verdict. The ratio blocks and notes follow (<see cref="RatioLines"/>).
/// </summary>
internal static class ResultTable
{
    public static string Render(ProofOptions options, TargetFigures aot, TargetFigures jit, TargetFigures baseline, IEnumerable<string> ratioLines, string header)
    {
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine();
        text.AppendLine("| figure | kernel AOT | kernel JIT | Node baseline | AOT ÷ baseline | target |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in FigureRow.All(options.Profile))
        {
            var a = row.Value(aot);
            var b = row.Value(baseline);
            var ratio = a is { } x && b is { } y && y != 0 ? Invariant($"{x / y:F2}×") : "—";
            text.AppendLine($"| {row.Label} | {Cell(row, aot)} | {Cell(row, jit)} | {Cell(row, baseline)} | {ratio} | {Verdict(row, a, b)} |");
        }
        text.AppendLine();
        foreach (var line in ratioLines) text.AppendLine(line);
        return text.ToString();
    }

    private static string Cell(FigureRow row, TargetFigures figures)
    {
        if (figures.Skipped is not null) return "skipped";
        if (row.Value(figures) is not { } value) return figures.Failures.Count > 0 ? "failed" : "—";
        var cell = row.Format(value);
        if (row.Label.StartsWith("spawn", StringComparison.Ordinal) && figures.SpawnMinMs is { } min && figures.SpawnMaxMs is { } max)
        {
            cell += Invariant($" ({min:F0}–{max:F0})");
        }
        var flagged = row.Step is { } step && figures.Problems.Any(p => p.StartsWith(step + ":", StringComparison.Ordinal));
        return flagged ? cell + " (!)" : cell;
    }

    private static string Verdict(FigureRow row, double? aot, double? baseline)
    {
        if (row.Target.Length == 0) return "";
        if (aot is not { } value) return row.Target + ": no figure";
        return row.Verdict(value, baseline) switch
        {
            true => row.Target + " ✓",
            false => row.Target + " ✗",
            null => row.Target + ": n/a (no baseline)",
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
