namespace Nexus.Kernel.Execution;

/// <summary>
/// Start-up allocates several MiB the process never touches again (the host's service graph, the QuickJS module's
/// bytes and its artifact, the snapshot's build). Workstation GC would keep those pages committed until enough
/// new allocation triggered collections, so an idle kernel carried them. One compacting collection that returns
/// free regions to the OS, at the end of start-up (before the kernel reports ready), gives them back.
/// </summary>
internal static class StartupGarbage
{
    public static void Release() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
