using Wasmtime;

namespace Nexus.Kernel.Execution.Sandboxing;

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

    private readonly WasmRuntime _runtime;

    private Sandbox(WasmRuntime runtime, long? memoryLimitBytes)
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

    public GuestEntryPoints Entry { get; private set; } = null!;

    /// <summary>Set when the VM can no longer be trusted (trap, limit, grown memory): it must be discarded.</summary>
    public bool Broken { get; private set; }

    public long MemoryBytes => _api.Memory.GetLength();

    public int HeapBytes => _api.GetAllocatedSize();

    /// <summary>A new sandbox whose memory is a copy of <paramref name="snapshot"/>.</summary>
    public static Sandbox Restore(WasmRuntime runtime, SandboxSnapshot snapshot, long memoryLimitBytes)
    {
        var sandbox = new Sandbox(runtime, memoryLimitBytes);
        var memory = sandbox._api.Memory;
        var missingPages = snapshot.Memory.Length / SandboxSnapshot.PageSize - memory.GetSize();
        if (missingPages > 0) memory.Grow(missingPages);
        // Fresh memory is zero except for the module's data segments: copy the pages that differ, so pages that
        // are zero in both are never touched (a first touch costs a page fault).
        CopyDifferingPages(snapshot.Memory, memory.GetSpan(0, snapshot.Memory.Length));
        sandbox.Entry = snapshot.Entry;
        sandbox.RestoreRegisters(snapshot);
        return sandbox;
    }

    /// <summary>Back to the snapshot without a new instance: copy back only the pages that differ.</summary>
    public void Reset(SandboxSnapshot snapshot)
    {
        if (Broken) throw new InvalidOperationException("a broken sandbox cannot be reset");
        SetEpochDeadline(IdleEpochDeadlineTicks);
        // wasm memory cannot shrink, and the restored allocator would only grow past the extra pages: discard.
        if (MemoryBytes != snapshot.Memory.Length)
        {
            Broken = true;
            return;
        }
        CopyDifferingPages(snapshot.Memory, _api.Memory.GetSpan(0, snapshot.Memory.Length));
        RestoreRegisters(snapshot);
    }

    private static void CopyDifferingPages(ReadOnlySpan<byte> pristine, Span<byte> live)
    {
        for (var offset = 0; offset < pristine.Length; offset += SandboxSnapshot.PageSize)
        {
            var page = pristine.Slice(offset, SandboxSnapshot.PageSize);
            var target = live.Slice(offset, SandboxSnapshot.PageSize);
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
