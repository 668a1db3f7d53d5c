using Nexus.LoadBench.Figures;
using Nexus.LoadBench.Micro;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Targets;

namespace Nexus.LoadBench.Proof;

/// <summary>
/// The proof run (bench/run.sh): kernel AOT, kernel JIT and the Node baseline, one after the other on loopback,
/// then the Nexus.Bench ratios; one markdown table on stdout (also written to artifacts/bench/). Bounded by the
/// profile's budget; every spawned process is killed at the end. Exit code 0 when every available target gave every
/// figure and every check held, 1 otherwise, 2 on a bad command line.
/// </summary>
internal static class ProofRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        ProofOptions options;
        try
        {
            options = ProofOptions.Parse(args, RepositoryRoot.Find());
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync(error.Message + "\n" + ProofOptions.Usage);
            return 2;
        }
        ChildProcesses.InstallHandlers();
        var loadBefore = LoadAverage();
        using var budget = new CancellationTokenSource(options.Profile.Budget);
        Progress.Say($"{options.Describe()}, budget {options.Profile.Budget.TotalMinutes:F0} min, load average {loadBefore}");

        var targets = new (string Key, ITarget Target)[]
        {
            ("aot", new KernelTarget("kernel AOT", options.AotBinary)),
            ("jit", new KernelTarget("kernel JIT", options.JitBinary)),
            ("node", new NodeBaselineTarget(options.BaselineScript)),
        };
        var results = new List<TargetFigures>();
        MicroFigures? micro = null;
        try
        {
            foreach (var (key, target) in targets)
            {
                results.Add(options.Targets.Contains(key)
                    ? await TargetRun.MeasureAsync(target, options, budget.Token)
                    : new TargetFigures(target.Name) { Skipped = "not selected (--targets)" });
            }
            if (options.Micro) micro = await MicroFigures.MeasureAsync(options, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            Progress.Say($"budget of {options.Profile.Budget.TotalMinutes:F0} min spent: printing what was measured");
            var unfinished = results.Count < targets.Length ? new TargetFigures(targets[results.Count].Target.Name) : null;
            unfinished?.Failures.Add("the run's time budget was spent during this target");
            if (unfinished is not null) results.Add(unfinished);
            while (results.Count < targets.Length) results.Add(new TargetFigures(targets[results.Count].Target.Name) { Skipped = "not reached (budget spent)" });
        }
        finally
        {
            ChildProcesses.KillAll();
        }

        var header = $"### Nexus Kernel proof: {options.Describe()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                     $"load average {loadBefore} → {LoadAverage()}, {Progress.Elapsed.TotalMinutes:F1} min";
        var table = ResultTable.Render(options, results[0], results[1], results[2], RatioLines.Build(results[0], results[1], results[2], micro), header);
        Console.WriteLine(table);
        var file = options.OutFile ?? Path.Combine(options.Root, "artifacts", "bench", $"proof-{(options.Quick ? "quick" : "full")}.md");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, table);
        Progress.Say($"table written to {file}");
        var incomplete = results.Any(r => r.Skipped is null && (r.Failures.Count > 0 || r.Problems.Count > 0));
        return incomplete || (micro is not null && (micro.SandboxMissing is not null || micro.StoreMissing is not null)) ? 1 : 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
