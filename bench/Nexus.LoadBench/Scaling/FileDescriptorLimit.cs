using System.Runtime.InteropServices;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// RLIMIT_NOFILE for this process and the servers it spawns (they inherit it): thousands of sockets on each side.
/// The soft limit is raised to what is needed, up to the hard limit; a hard limit too low is a clear failure.
/// </summary>
internal static class FileDescriptorLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRlimit(int resource, out Rlimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRlimit(int resource, in Rlimit limit);

    /// <summary>Makes room for <paramref name="needed"/> descriptors; returns the soft limit now in force.</summary>
    public static ulong Ensure(ulong needed)
    {
        if (GetRlimit(RlimitNofile, out var limit) != 0) throw new InvalidOperationException($"getrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        if (limit.Current >= needed) return limit.Current;
        if (limit.Maximum < needed)
        {
            throw new InvalidOperationException($"RLIMIT_NOFILE hard limit {limit.Maximum} < {needed}: raise it (ulimit -Hn {needed}) before running");
        }
        var raised = limit with { Current = needed };
        if (SetRlimit(RlimitNofile, raised) != 0) throw new InvalidOperationException($"setrlimit failed: errno {Marshal.GetLastPInvokeError()}");
        return needed;
    }
}
