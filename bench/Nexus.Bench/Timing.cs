using System.Diagnostics;

namespace Nexus.Bench;

/// <summary>Median time per operation over timed batches (a batch hides the clock's own cost for sub-µs calls).</summary>
internal static class Timing
{
    public static double Median(Action operation, int batch, int samples)
    {
        for (var i = 0; i < Math.Max(batch, 50); i++) operation(); // warm-up: tiering, caches, first-touch pages
        var perOperation = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch; i++) operation();
            perOperation[s] = Stopwatch.GetElapsedTime(started).TotalMicroseconds / batch;
        }
        return MedianOf(perOperation);
    }

    public static double MedianOf(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
