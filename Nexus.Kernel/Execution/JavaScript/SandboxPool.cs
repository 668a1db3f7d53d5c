using System.Collections.Concurrent;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// The sandboxes of one engine: idle ones are pristine (reset to the snapshot); a broken one is disposed and a
/// fresh one restored on demand. Called on worker threads only.
/// </summary>
internal sealed partial class SandboxPool(Func<QuickJsRuntime> runtimeOf, ExecutionOptions options, ILogger logger) : IDisposable
{
    // The runtime exists once the engine loaded QuickJS; sandboxes are only made after that.
    private QuickJsRuntime Runtime => runtimeOf();

    private const int MaxStackBytes = 512 * 1024;
    private const long ReservedBytes = 1280 * 1024; // shadow stack and static data below the QuickJS heap

    private readonly ConcurrentStack<Sandbox> _idle = new();
    private int _live;
    private volatile bool _disposed;

    public int Idle => _idle.Count;

    public int Live => Volatile.Read(ref _live);

    private long MemoryLimitBytes => options.MemoryLimitMb * 1024L * 1024L;

    public Sandbox Rent()
    {
        if (!_idle.TryPop(out var sandbox)) sandbox = Create();
        var heapLimit = (int)Math.Clamp(MemoryLimitBytes - ReservedBytes, 1024 * 1024, int.MaxValue);
        sandbox.ApplyLimits(heapLimit, MaxStackBytes);
        return sandbox;
    }

    public void Return(Sandbox sandbox)
    {
        sandbox.Detach();
        try
        {
            if (!sandbox.Broken) sandbox.Reset(Runtime.Snapshot);
        }
        catch (Exception)
        {
            sandbox.MarkBroken();
        }
        if (sandbox.Broken || _disposed)
        {
            Discard(sandbox);
            // Keep MIN_INSTANCES ready; this runs on the worker after the result was handed over.
            Warm(options.MinInstances);
            return;
        }
        _idle.Push(sandbox);
    }

    public void Warm(int count)
    {
        while (!_disposed && _idle.Count < count) _idle.Push(Create());
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var sandbox)) Discard(sandbox);
    }

    private Sandbox Create()
    {
        var sandbox = Sandbox.Restore(Runtime, Runtime.Snapshot, MemoryLimitBytes);
        Interlocked.Increment(ref _live);
        return sandbox;
    }

    private void Discard(Sandbox sandbox)
    {
        if (!_disposed) Log.SandboxDiscarded(logger, sandbox.Broken ? "trapped, hit a limit or grew its memory" : "engine disposed");
        sandbox.Dispose();
        Interlocked.Decrement(ref _live);
    }
}
