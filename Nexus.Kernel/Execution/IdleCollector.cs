namespace Nexus.Kernel.Execution;

/// <summary>
/// Gives back the memory a burst left behind once the process goes quiet. A connect storm or a busy minute leaves
/// collected-but-committed space (and short-lived objects promoted past gen0) in the heap; with no allocation
/// afterwards the workstation GC never runs again to compact it, so an idle kernel carried ~6 KiB per idle WebSocket
/// on top of the ~8 KiB the connection really uses (bench/notes/perf-idle.md). Checked once a
/// <see cref="Interval"/>: when a burst was allocated since the last collection (<see cref="BurstBytes"/>, or a
/// <see cref="HeapShare"/>th of the heap that collection left, whichever is more) and less than
/// <see cref="QuietBytes"/> in the last interval, one compacting collection runs and returns free regions to the OS.
/// The share keeps a big idle heap from being marked over and over for little: 10,000 idle clients' keep-alive pings
/// passed 1 MiB every 30 s ping cycle, and each collection of their 90 MB stopped the process for 120 ms (perf-idle
/// §10). Under load it never fires (every interval allocates far more than the quiet mark); when idle it fires
/// at most once per burst, so the pause lands where nobody waits for it. Start-up counts as the first burst (the
/// host's service graph, QuickJS's bytes and artifact, the snapshot's build: the GC regions held 12.5 MB of it with
/// 8 panels, 3.3 MB after), so the same mechanism gives that back a quiet second or two after the kernel is ready.
/// </summary>
internal sealed class IdleCollector
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public const long QuietBytes = 256 * 1024;
    /// <summary>1 MiB: 2,000 WebSocket clients leaving allocate ~2.1 MB, and that must count. The collection that
    /// ran while they sat idle moved their objects to gen2; dead there, with cards still pointing into the young
    /// generations, they made every gen0 collection under the next load take ~9 ms instead of ~2 (HTTP p99 13-15 ms
    /// against 8; bench/notes/perf-idle.md §9). At 4 MiB their departure went unnoticed.</summary>
    public const long BurstBytes = 1024 * 1024;
    /// <summary>16: 2,000 departing clients (2.1 MB) still count against the ~19 MB heap their arrival left (perf-idle §9).</summary>
    public const long HeapShare = 16;

    private static int _started;
    // A timer nothing references can be collected (and stop) — by this very collector's collections.
    private static ITimer? _processTimer;

    private readonly Func<long> _allocatedBytes;
    private readonly Func<long> _heapBytes;
    private readonly Action _collect;
    private readonly Lock _gate = new();
    private long _lastTotal;
    private long _sinceCollection;
    private long _burst = BurstBytes;

    /// <param name="heapBytes">The heap's size, read right after a collection (what it kept).</param>
    /// <param name="countedSoFar">Bytes allocated before this collector started that count towards its first burst.</param>
    internal IdleCollector(Func<long> allocatedBytes, Func<long> heapBytes, Action collect, long countedSoFar = 0)
    {
        _allocatedBytes = allocatedBytes;
        _heapBytes = heapBytes;
        _collect = collect;
        _lastTotal = allocatedBytes();
        _sinceCollection = countedSoFar;
    }

    /// <summary>Starts the process's collector (once; it lives as long as the process).</summary>
    public static void StartOnce(TimeProvider time)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        var collector = new IdleCollector(() => GC.GetTotalAllocatedBytes(), static () => GC.GetTotalMemory(forceFullCollection: false),
            static () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true),
            countedSoFar: GC.GetTotalAllocatedBytes());
        _processTimer = time.CreateTimer(static state => ((IdleCollector)state!).Tick(), collector, Interval, Interval);
    }

    /// <summary>One check; true when it collected.</summary>
    internal bool Tick()
    {
        lock (_gate)
        {
            var total = _allocatedBytes();
            var recent = total - _lastTotal;
            _lastTotal = total;
            _sinceCollection += recent;
            if (recent >= QuietBytes || _sinceCollection < _burst) return false;
            _sinceCollection = 0;
            _collect();
            // What the collection itself allocated is not a new burst.
            _lastTotal = _allocatedBytes();
            _burst = Math.Max(BurstBytes, _heapBytes() / HeapShare);
            return true;
        }
    }
}
