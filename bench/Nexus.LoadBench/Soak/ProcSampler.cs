using System.Globalization;

namespace Nexus.LoadBench.Soak;

/// <summary>One reading of the kernel process: seconds since the soak began, resident MB, threads, open fds, and the
/// CPU seconds it has used so far.</summary>
internal readonly record struct ProcSample(double Seconds, double RssMb, int Threads, int Fds, double CpuSeconds);

/// <summary>Reads /proc/&lt;pid&gt; every few seconds: VmRSS and Threads from <c>status</c>, the entries of <c>fd</c>,
/// utime + stime from <c>stat</c>.</summary>
internal sealed class ProcSampler(int pid, Ledger ledger)
{
    private readonly List<ProcSample> _samples = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>A copy of the samples so far (the sampling loop may still be adding).</summary>
    public IReadOnlyList<ProcSample> Samples
    {
        get
        {
            lock (_samples) return [.. _samples];
        }
    }

    public async Task RunAsync(TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        do
        {
            if (Read() is { } sample)
            {
                lock (_samples) _samples.Add(sample);
            }
            else
            {
                ledger.Fail("sampler", $"/proc/{pid} is gone: the kernel exited");
            }
        }
        while (await Tick(timer, stop));
    }

    /// <summary>One reading now, or null when the process is gone.</summary>
    public ProcSample? Read()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        try
        {
            double rssKb = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rssKb = Number(line);
                else if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = (int)Number(line);
            }
            var fds = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
            return new ProcSample(seconds, rssKb / 1024, threads, fds, CpuSeconds());
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Fields 14 and 15 of <c>stat</c> (counted after the parenthesised name), in clock ticks of 1/100 s.</summary>
    private double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Number(string line) =>
        double.Parse(line.Split(' ', '\t').Where(static p => p.Length > 0).ElementAt(1), CultureInfo.InvariantCulture);

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
