using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// The "How cost grows" rows of the AOT kernel (and of the Node baseline where a row applies: state size, cores):
/// panels, state size, cores, one after the other on loopback; one markdown table on stdout (also written to
/// artifacts/bench/). Bounded by a budget (5 min quick, 15 min full); every spawned process is killed at the end.
/// Exit code 0 when every row was measured and every check held, 1 otherwise, 2 on a bad command line.
/// </summary>
internal static class ScalingRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        ScalingOptions options;
        try
        {
            options = ScalingOptions.Parse(args, RepositoryRoot.Find());
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync(error.Message + "\n" + ScalingOptions.Usage);
            return 2;
        }
        if (!File.Exists(options.AotBinary))
        {
            await Console.Error.WriteLineAsync($"{options.AotBinary} is missing: publish it first (bench/run.sh does)");
            return 2;
        }
        ChildProcesses.InstallHandlers();
        var baselineSkip = options.Baseline ? ScalingServers.BaselineSkipReason(options.BaselineScript) : "--no-baseline";
        var table = new ScalingTable(options, baselineSkip, LoadAverage());
        using var budget = new CancellationTokenSource(options.Budget);
        Progress.Say($"scaling ({(options.Quick ? "quick" : "full")}), budget {options.Budget.TotalMinutes:F0} min, load average {LoadAverage()}");
        try
        {
            table.Panels = await PanelCountCurve.MeasureAsync(options, budget.Token);
            table.KernelStates = await StateSizesAsync(options, baseline: false, budget.Token);
            if (baselineSkip is null) table.BaselineStates = await StateSizesAsync(options, baseline: true, budget.Token);
            table.KernelCores = await CoreCountCurve.MeasureAsync(options, baseline: false, budget.Token);
            if (baselineSkip is null) table.BaselineCores = await CoreCountCurve.MeasureAsync(options, baseline: true, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            table.Failures.Add($"the budget of {options.Budget.TotalMinutes:F0} min was spent: rows after it are missing");
        }
        catch (BenchFailure failure)
        {
            table.Failures.Add(failure.Message);
        }
        finally
        {
            ChildProcesses.KillAll();
        }
        var text = table.Render(LoadAverage(), Progress.Elapsed);
        Console.WriteLine(text);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutFile)!);
        await File.WriteAllTextAsync(options.OutFile, text);
        Progress.Say($"table written to {options.OutFile}");
        return table.Complete ? 0 : 1;
    }

    private static async Task<IReadOnlyList<StateSizeCurve.Point>> StateSizesAsync(ScalingOptions options, bool baseline, CancellationToken cancellationToken)
    {
        Progress.Say($"state size: {(baseline ? "baseline" : "kernel")}");
        await using var server = baseline
            ? await ScalingServers.StartBaselineAsync(options.BaselineScript, cores: null, cancellationToken)
            : await ScalingServers.StartKernelAsync(options.AotBinary, cores: null, cancellationToken);
        return await StateSizeCurve.MeasureAsync(options, server, cancellationToken);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
