using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// One QuickJS VM in its own Wasmtime store. Used by one thread at a time; handed between worker threads across
/// awaits. After each execution it is reset in place to the snapshot (pristine globals) or, if it trapped, hit a
/// limit or grew its memory, discarded.
/// </summary>
internal sealed partial class Sandbox : IDisposable
{
    private readonly Store _store;
    private readonly QuickJsApi _api;
    private const ulong IdleEpochDeadlineTicks = 1_000_000;

    private IGuestHost? _host;
    private bool _interruptSuppressed;
    private ulong[]? _pageFlags;
    private PageRange[]? _writtenRanges;

    private readonly QuickJsRuntime _runtime;

    private Sandbox(QuickJsRuntime runtime, long? memoryLimitBytes)
    {
        _runtime = runtime;
        _store = new Store(runtime.Engine, this);
        // A new store's epoch deadline is "now": without this the first call traps at once.
        if (runtime.Mode == InterruptMode.Epoch) _store.SetEpochDeadline(IdleEpochDeadlineTicks);
        if (runtime.Mode == InterruptMode.Fuel) _store.Fuel = ulong.MaxValue / 2;
        if (memoryLimitBytes is { } limit) _store.SetLimits(memorySize: limit, tableElements: null, instances: 1, tables: 1, memories: 1);
        var instance = runtime.Instantiate(_store);
        _api = new QuickJsApi(instance);
    }

    public PreludeEntryPoints Entry { get; private set; } = null!;

    /// <summary>Set when the VM can no longer be trusted (trap, limit, grown memory): it must be discarded.</summary>
    public bool Broken { get; private set; }

    public long MemoryBytes => _api.Memory.GetLength();

    public int HeapBytes => _api.GetAllocatedSize();

    /// <summary>A new sandbox whose memory is <paramref name="snapshot"/>: mapped copy-on-write where possible, else copied.</summary>
    public static Sandbox Restore(QuickJsRuntime runtime, SandboxSnapshot snapshot, long memoryLimitBytes) =>
        Restore(runtime, snapshot, memoryLimitBytes, WrittenPages.ScanAvailable ? WrittenRangesPerScan : 0);

    /// <param name="writtenRangesPerScan">How many written ranges one page-map scan may report (the reset scans again
    /// when they do not fit); 0 reads the whole page map instead, as on kernels older than 6.7.</param>
    internal static Sandbox Restore(QuickJsRuntime runtime, SandboxSnapshot snapshot, long memoryLimitBytes, int writtenRangesPerScan)
    {
        var sandbox = new Sandbox(runtime, memoryLimitBytes);
        var memory = sandbox._api.Memory;
        var missingPages = snapshot.Length / SandboxSnapshot.PageSize - memory.GetSize();
        if (missingPages > 0) memory.Grow(missingPages);
        if (snapshot.Image is { } image && image.TryMapOver(memory.GetPointer(), memory.GetLength()))
        {
            if (writtenRangesPerScan > 0) sandbox._writtenRanges = GC.AllocateArray<PageRange>(writtenRangesPerScan, pinned: true);
            else sandbox._pageFlags = new ulong[image.Length / WrittenPages.PageSize];
        }
        else
        {
            // Fresh memory is zero except for the module's data segments: copy the pages that differ, so pages that
            // are zero in both are never touched (a first touch costs a page fault).
            CopyDifferingPages(snapshot.Pristine, memory.GetSpan(0, snapshot.Length), SandboxSnapshot.PageSize);
        }
        sandbox.Entry = snapshot.Entry;
        sandbox.RestoreRegisters(snapshot);
        return sandbox;
    }

    /// <summary>A copy of the whole linear memory (tests compare it with the snapshot).</summary>
    internal byte[] ReadMemory() => _api.Memory.GetSpan(0, (int)MemoryBytes).ToArray();

    /// <summary>Whether this sandbox's memory is a copy-on-write view of the snapshot (resets compare written pages only).</summary>
    public bool CopyOnWrite => _pageFlags is not null || _writtenRanges is not null;

    /// <summary>Back to the snapshot without a new instance: copy back only the pages that differ.</summary>
    public void Reset(SandboxSnapshot snapshot)
    {
        if (Broken) throw new InvalidOperationException("a broken sandbox cannot be reset");
        SetEpochDeadline(IdleEpochDeadlineTicks);
        // wasm memory cannot shrink, and the restored allocator would only grow past the extra pages: discard.
        if (MemoryBytes != snapshot.Length)
        {
            Broken = true;
            return;
        }
        var live = _api.Memory.GetSpan(0, snapshot.Length);
        if (!TryCopyWrittenPages(snapshot.Pristine, live)) CopyDifferingPages(snapshot.Pristine, live, SandboxSnapshot.PageSize);
        RestoreRegisters(snapshot);
    }

    /// <summary>Ranges one scan may report: more than a trivial execution writes; a busier one takes more scans.</summary>
    private const int WrittenRangesPerScan = 32;

    /// <summary>Copies back the pages the guest wrote, as the kernel reports them; false when it cannot say (no
    /// copy-on-write mapping, or the page map could not be read), and the caller compares every page instead.</summary>
    private bool TryCopyWrittenPages(ReadOnlySpan<byte> pristine, Span<byte> live)
    {
        if (_writtenRanges is { } ranges) return TryCopyWrittenRanges(pristine, live, ranges);
        if (_pageFlags is not { } flags || !WrittenPages.TryRead(_api.Memory.GetPointer(), flags)) return false;
        CopyWrittenPages(pristine, live, flags);
        return true;
    }

    private bool TryCopyWrittenRanges(ReadOnlySpan<byte> pristine, Span<byte> live, PageRange[] ranges)
    {
        var memory = _api.Memory.GetPointer();
        var end = memory + live.Length;
        for (var next = memory; next < end;)
        {
            var count = WrittenPages.TryScan(next, end, ranges, out var scanned);
            if (count < 0) return false;
            foreach (var range in ranges.AsSpan(0, count))
            {
                var offset = (int)((nint)range.Start - memory);
                var length = (int)(range.End - range.Start);
                pristine.Slice(offset, length).CopyTo(live.Slice(offset, length));
            }
            if (count < ranges.Length) break;
            if (scanned <= next) return false; // a full array always moves the walk on; never loop in place
            next = scanned;
        }
        return true;
    }

    private static void CopyWrittenPages(ReadOnlySpan<byte> pristine, Span<byte> live, ReadOnlySpan<ulong> flags)
    {
        var size = WrittenPages.PageSize;
        for (var page = 0; page < flags.Length; page++)
        {
            if (!WrittenPages.MayDiffer(flags[page])) continue;
            // Copied without comparing first: a page the guest wrote almost always differs, and comparing a page costs
            // about what copying it does (it reads both). Resets went from 28.6-43.2 to 23.7-30.7 us (bench/notes/perf-guest.md §2).
            pristine.Slice(page * size, size).CopyTo(live.Slice(page * size, size));
        }
    }

    private static void CopyDifferingPages(ReadOnlySpan<byte> pristine, Span<byte> live, int pageSize)
    {
        for (var offset = 0; offset < pristine.Length; offset += pageSize)
        {
            var page = pristine.Slice(offset, pageSize);
            var target = live.Slice(offset, pageSize);
            if (!page.SequenceEqual(target)) page.CopyTo(target);
        }
    }

    /// <summary>Per-execution QuickJS limits (they live in the runtime struct, so a reset undoes them).</summary>
    public void ApplyLimits(int heapLimitBytes, int maxStackBytes)
    {
        _api.SetMemoryLimit(heapLimitBytes);
        _api.SetMaxStackSize(maxStackBytes);
    }

    public void Attach(IGuestHost host) => _host = host;

    public void Detach() => _host = null;

    public void MarkBroken() => Broken = true;

    public void SetEpochDeadline(ulong ticks)
    {
        if (_runtime.Mode == InterruptMode.Epoch) _store.SetEpochDeadline(ticks);
    }

    public void Dispose() => _store.Dispose();

    private void RestoreRegisters(SandboxSnapshot snapshot)
    {
        _api.StackPointer.SetValue(snapshot.StackPointer);
        _api.SetRuntimeAndContext(snapshot.RuntimePtr, snapshot.ContextPtr);
    }

    internal int PollInterrupt() => !_interruptSuppressed && _host is { } host && host.ShouldInterrupt() ? 1 : 0;
}
