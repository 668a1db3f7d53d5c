using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Nexus.Kernel.Execution.Host;

/// <summary>
/// CPU time of the calling thread, in nanoseconds: what <c>TIMEOUT_MS</c> ("time spent running guest code")
/// counts. A slice runs on one worker thread from start to end, so the difference of two readings is the guest's
/// own CPU time, and a host too busy to schedule the worker does not make a trivial handler time out. Where the
/// clock is missing (not Linux), wall time stands in.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;
    private static readonly bool Available = Probe();

    public static long NowNanoseconds()
    {
        if (Available && ClockGetTime(ClockThreadCpuTimeId, out var now) == 0) return now.Seconds * 1_000_000_000 + now.Nanoseconds;
        return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // Blittable: no marshalling, AOT-safe without unsafe code.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
