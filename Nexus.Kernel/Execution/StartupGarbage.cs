namespace Nexus.Kernel.Execution;

/// <summary>
/// Start-up allocates several MiB the process never touches again (the host's service graph, the QuickJS module's
/// bytes and its artifact, the snapshot's build). Workstation GC would keep those pages committed until enough
/// new allocation triggered collections, so an idle kernel carried them (measured with 8 panels: the GC regions
/// held 12.5 MB, 3.3 MB after this; bench/notes/perf-idle.md). One compacting collection that returns free
/// regions to the OS gives them back. It runs a second after the engine is ready, not before: a blocking
/// collection in the start-up window would delay readiness, and by then the host has finished building too.
/// Once per process: start-up garbage is the process's, and a process that builds engines again (the tests) would
/// otherwise pay a full compacting collection of its whole heap for each.
/// </summary>
internal static class StartupGarbage
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static int _scheduled;

    public static void ReleaseSoon(TimeProvider time)
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0) _ = ReleaseAfterDelayAsync(time);
    }

    private static async Task ReleaseAfterDelayAsync(TimeProvider time)
    {
        await Task.Delay(Delay, time).ConfigureAwait(false);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
