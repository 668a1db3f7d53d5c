using Nexus.LoadBench.Figures;
using Nexus.LoadBench.Proof;
using Nexus.LoadBench.Targets;

namespace Nexus.LoadBench.Measure;

/// <summary>
/// Spawn → first <c>/health/ready</c> 200 with a warm cache: one untimed spawn first (for the kernel it fills
/// CACHE_DIR with the compiled QuickJS module), then <c>timed</c> spawns, each killed before the next; the median.
/// </summary>
internal static class SpawnToReady
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<(double MedianMs, double MinMs, double MaxMs)> MeasureAsync(ITarget target, int timed, CancellationToken cancellationToken)
    {
        var cold = await OnceAsync(target, cancellationToken);
        Progress.Say($"{target.Name}: first spawn (fills the cache) ready in {cold:F0} ms");
        var times = new List<double>();
        for (var i = 0; i < timed; i++)
        {
            await Task.Delay(300, cancellationToken); // let the previous process's exit settle
            times.Add(await OnceAsync(target, cancellationToken));
        }
        Progress.Say($"{target.Name}: spawn → ready {string.Join(", ", times.Select(t => t.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        return (Percentiles.Median(times), times.Min(), times.Max());
    }

    private static async Task<double> OnceAsync(ITarget target, CancellationToken cancellationToken)
    {
        await using var server = target.Spawn();
        var elapsed = await ReadinessProbe.WaitAsync(server, Timeout, cancellationToken);
        return elapsed.TotalMilliseconds;
    }
}
