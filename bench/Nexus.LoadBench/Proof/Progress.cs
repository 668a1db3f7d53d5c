using System.Diagnostics;

namespace Nexus.LoadBench.Proof;

/// <summary>Progress lines on stderr (stdout carries only the table), stamped with the time since the run began.</summary>
internal static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static TimeSpan Elapsed => Clock.Elapsed;

    public static void Say(string message) => Console.Error.WriteLine($"proof [{Clock.Elapsed:mm\\:ss}] {message}");
}
