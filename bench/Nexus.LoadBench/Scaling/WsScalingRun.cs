using System.Globalization;
using Nexus.LoadBench.Figures;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;
using Nexus.LoadBench.Targets;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// The WebSocket rows of README "How cost grows": RSS with 1,000 / 5,000 / 10,000 idle connections (opened
/// cumulatively on one panel, each point after a settle pause), then one PATCH fanned out to 1,000 and 5,000
/// clients (p50/p99 over every client and round, as <see cref="FanOut"/>). Command line:
/// <c>ws-scaling [--targets aot,node] [--aot PATH] [--baseline PATH] [--out FILE]</c>. Bounded by a budget;
/// every spawned process is killed at the end.
/// </summary>
internal static class WsScalingRun
{
    private static readonly int[] IdleCounts = [1_000, 5_000, 10_000];
    private static readonly int[] FanOutClients = [1_000, 5_000];
    private const int FanOutRounds = 5;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(12);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepositoryRoot.Find();
        var aot = Path.Combine(root, "artifacts", "aot", "nexus-kernel");
        var baseline = Path.Combine(root, "bench", "baseline", "server.mjs");
        var selected = new HashSet<string> { "aot", "node" };
        var outFile = Path.Combine(root, "artifacts", "bench", "ws-scaling.md");
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--aot": aot = Path.GetFullPath(Value()); break;
                case "--baseline": baseline = Path.GetFullPath(Value()); break;
                case "--out": outFile = Path.GetFullPath(Value()); break;
                case "--targets": selected = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(); break;
                default:
                    await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'\nusage: Nexus.LoadBench ws-scaling [--targets aot,node] [--aot PATH] [--baseline PATH] [--out FILE]");
                    return 2;
            }
        }
        // Each side holds the largest crowd, plus a margin for the process's own files.
        var limit = FileDescriptorLimit.Ensure((ulong)(IdleCounts.Max() + 1_000));
        ChildProcesses.InstallHandlers();
        using var budget = new CancellationTokenSource(Budget);
        var load = LoadAverage();
        Progress.Say($"ws-scaling: RLIMIT_NOFILE {limit}, budget {Budget.TotalMinutes:F0} min, load average {load}");

        var targets = new List<ITarget>();
        if (selected.Contains("aot")) targets.Add(new KernelTarget("kernel AOT", aot));
        if (selected.Contains("node")) targets.Add(new NodeBaselineTarget(baseline));
        var columns = new List<WsScalingFigures>();
        try
        {
            foreach (var target in targets) columns.Add(await MeasureAsync(target, budget.Token));
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            Progress.Say("ws-scaling: budget spent, printing what was measured");
        }
        finally
        {
            ChildProcesses.KillAll();
        }
        var table = WsScalingTable.Render(columns, IdleCounts, FanOutClients,
            $"### WebSocket scaling: {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {load} → {LoadAverage()}");
        Console.WriteLine(table);
        Directory.CreateDirectory(Path.GetDirectoryName(outFile)!);
        await File.WriteAllTextAsync(outFile, table);
        Progress.Say($"table written to {outFile}");
        return columns.Count == targets.Count && columns.All(c => c.Failures.Count == 0 && c.Skipped is null) ? 0 : 1;
    }

    private static async Task<WsScalingFigures> MeasureAsync(ITarget target, CancellationToken cancellationToken)
    {
        var figures = new WsScalingFigures(target.Name);
        if (target.SkipReason is { } reason)
        {
            figures.Skipped = reason;
            return figures;
        }
        await using var server = target.Spawn();
        using var api = new BenchApi(server);
        try
        {
            await ReadinessProbe.WaitAsync(server, TimeSpan.FromSeconds(60), cancellationToken);
            await api.CreateCounterPanelAsync("idle", cancellationToken);
            await api.CreateCounterPanelAsync("fan", cancellationToken);
            await Task.Delay(Settle, cancellationToken);
            figures.RssBeforeBytes = server.ResidentBytes();
            var crowds = new List<SocketCrowd>();
            try
            {
                var open = 0;
                foreach (var count in IdleCounts)
                {
                    crowds.Add(await SocketCrowd.OpenAsync(server.WsPort, "idle", count - open, cancellationToken));
                    open = count;
                    await Task.Delay(Settle, cancellationToken);
                    figures.IdleRssBytes[count] = server.ResidentBytes();
                    Progress.Say($"  {target.Name}: {count} idle connections, RSS {figures.IdleRssBytes[count] / 1e6:F1} MB");
                }
            }
            finally
            {
                foreach (var crowd in crowds) await crowd.DisposeAsync();
            }
            await Task.Delay(Settle, cancellationToken);
            foreach (var clients in FanOutClients)
            {
                var micros = await FanOut.MeasureAsync(server, api, "fan", clients, FanOutRounds, cancellationToken);
                figures.FanOutMs[clients] = (Percentiles.Of(micros, 50) / 1000, Percentiles.Of(micros, 99) / 1000);
                Progress.Say($"  {target.Name}: fan-out to {clients}: p50 {figures.FanOutMs[clients].P50:F1} ms, p99 {figures.FanOutMs[clients].P99:F1} ms");
                await Task.Delay(Settle, cancellationToken);
            }
        }
        catch (BenchFailure error)
        {
            figures.Failures.Add(error.Message);
        }
        if (server.HasExited) figures.Failures.Add("the server exited during the run: " + server.Describe());
        return figures;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
