using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Proof;
using Nexus.LoadBench.Wrk;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// Cores row: the server pinned with <c>taskset</c> to its first 1 and 2 cores (the runtime sizes its thread pool
/// and the kernel its MAX_INSTANCES from the affinity), wrk unpinned beside it, 8 counter panels: triggers/s and p99.
/// </summary>
internal static class CoreCountCurve
{
    public sealed record Point(int Cores, WrkOutput Wrk, IReadOnlyList<string> Problems);

    private const int Panels = 8;

    public static async Task<IReadOnlyList<Point>> MeasureAsync(ScalingOptions options, bool baseline, CancellationToken cancellationToken)
    {
        var points = new List<Point>();
        foreach (var cores in options.CoreCounts.Where(count => count <= Environment.ProcessorCount))
        {
            Progress.Say($"cores: {(baseline ? "baseline" : "kernel")} pinned to {cores}");
            await using var server = baseline
                ? await ScalingServers.StartBaselineAsync(options.BaselineScript, cores, cancellationToken)
                : await ScalingServers.StartKernelAsync(options.AotBinary, cores, cancellationToken);
            using var api = new BenchApi(server);
            for (var i = 0; i < Panels; i++) await api.CreateCounterPanelAsync("p" + i, cancellationToken);
            var throughput = await HttpThroughput.MeasureAsync(server, api, options.WrkScript, Panels, options.WarmUpSeconds, options.WrkSeconds, cancellationToken);
            points.Add(new Point(cores, throughput.Main, throughput.Problems));
        }
        return points;
    }
}
