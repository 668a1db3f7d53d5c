using System.Globalization;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;
using Nexus.LoadBench.Targets;

namespace Nexus.LoadBench.Layout;

/// <summary>
/// Writes the hot-method order the AOT publish lays the managed code out by (build/layout/README.md): the published
/// binary runs under <c>first-calls</c>, which breaks once on the entry of every managed function, through start-up,
/// the idle state of the proof run (8 panels), HTTP triggers, WebSocket round trips and a small fan-out; the
/// functions entered, in the order they were first entered, become the order file. Command line:
/// <c>layout [--aot PATH] [--tracer PATH] [--out FILE]</c>.
/// </summary>
internal static class LayoutRun
{
    private const int Panels = 8;
    private const int TracedRuns = 5;
    private const string TargetName = "kernel AOT layout"; // one name, one CACHE_DIR: the warm-up fills what the traced run reads
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepositoryRoot.Find();
        var aot = Path.Combine(root, "artifacts", "aot", "nexus-kernel");
        var tracer = Path.Combine(root, "artifacts", "layout", "first-calls");
        var outFile = Path.Combine(root, "build", "layout", "hot-methods.order");
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--aot": aot = Path.GetFullPath(Value()); break;
                case "--tracer": tracer = Path.GetFullPath(Value()); break;
                case "--out": outFile = Path.GetFullPath(Value()); break;
                default:
                    await Console.Error.WriteLineAsync($"unknown argument '{args[i]}'\nusage: Nexus.LoadBench layout [--aot PATH] [--tracer PATH] [--out FILE]");
                    return 2;
            }
        }
        ChildProcesses.InstallHandlers();
        using var budget = new CancellationTokenSource(Budget);
        var work = Path.GetDirectoryName(tracer)!;
        var symbols = ManagedCodeSymbols.Read(aot + ".dbg");
        var addresses = Path.Combine(work, "addresses");
        var hits = Path.Combine(work, "first-calls.txt");
        var entries = symbols.Functions.Select(f => f.Address.ToString("x", CultureInfo.InvariantCulture)).ToList();
        await File.WriteAllLinesAsync(addresses, entries, budget.Token);
        Progress.Say($"layout: {entries.Count} managed functions in {aot}");

        // The traced run starts with a warm module cache, as every start after a node's first does: an untraced run
        // fills it first (QuickJS compiled and written to the disk tier; that cold path is not what should be hot).
        await using (var warmUp = new KernelTarget(TargetName, aot).Spawn())
        {
            await LayoutScenario.WarmCacheAsync(warmUp, budget.Token);
        }
        // Contention, finalizers and connection teardown depend on timing: the union of a few runs, each new name after
        // the ones already listed.
        var names = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var entered = 0;
        for (var run = 0; run < TracedRuns; run++)
        {
            await using (var server = new KernelTarget(TargetName, aot, [tracer, addresses, hits]).Spawn())
            {
                await LayoutScenario.RunAsync(server, Panels, budget.Token);
            }
            var addressesEntered = (await File.ReadAllLinesAsync(hits, budget.Token))
                .Where(line => line.Length > 0)
                .Select(line => ulong.Parse(line, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
                .ToList();
            entered = Math.Max(entered, addressesEntered.Count);
            var before = names.Count;
            names.AddRange(addressesEntered.SelectMany(symbols.NamesAt).Where(listed.Add));
            Progress.Say($"layout: run {run + 1}: {addressesEntered.Count} functions entered, {names.Count - before} names new");
        }
        string[] header =
        [
            "# The managed functions the kernel enters through start-up, 8 idle panels, HTTP triggers, WebSocket round",
            "# trips and a fan-out, in the order first entered: the AOT publish places them first (build/layout/README.md).",
            "# Written by build/layout/collect.sh; a name that no longer exists is skipped, a new function goes after these.",
        ];
        await File.WriteAllLinesAsync(outFile, [.. header, .. names], budget.Token);
        Progress.Say($"layout: up to {entered} functions entered a run, {names.Count} names written to {outFile}");
        return 0;
    }
}
