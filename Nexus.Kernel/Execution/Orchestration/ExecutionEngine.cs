using System.Diagnostics;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution.Caching;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Nexus.Kernel.Extensions;
using Nexus.Kernel.Observability;

namespace Nexus.Kernel.Execution.Orchestration;

/// <summary>
/// Runs tools: compiles them at panel creation, and runs executions on a bounded set of worker threads in
/// sandboxes reset to a snapshot of an initialized QuickJS (or, for raw wasm handlers, a fresh instance each).
/// The Wasmtime engine is process-wide (<see cref="WasmEngine"/>); the module cache, QuickJS module, snapshot,
/// workers and sandboxes belong to this instance. Readiness waits for <see cref="IsReady"/>.
/// </summary>
internal sealed partial class ExecutionEngine : IAsyncDisposable
{
    private readonly ExecutionOptions _options;
    private readonly ILogger<ExecutionEngine> _logger;
    private ExtensionRegistry _extensions;
    private readonly TimeProvider _time;
    private readonly WorkerPool _workers;
    private readonly SandboxPool _sandboxes;
    private readonly SemaphoreSlim _sandboxSlots;
    private readonly ModuleCache _cache;
    private readonly Task _ready;
    private QuickJsRuntime? _runtime;
    private bool _quickJsFromCache;

    /// <param name="counters">This kernel's counters (nexus_module_cache_*, compile histogram); engines built
    /// outside DI (tests, benchmarks) get a private set.</param>
    /// <param name="cache">Where compiled modules are kept; the table's defaults when not given.</param>
    public ExecutionEngine(ExecutionOptions options, ILogger<ExecutionEngine> logger, ExtensionRegistry? extensions = null,
        TimeProvider? time = null, KernelCounters? counters = null, ModuleCacheOptions? cache = null)
    {
        _options = options;
        _logger = logger;
        _extensions = extensions ?? ExtensionRegistry.Empty;
        _time = time ?? TimeProvider.System;
        Counters = counters ?? new KernelCounters();
        _cache = new ModuleCache(WasmEngine.Shared, cache ?? new ModuleCacheOptions(), Counters, logger);
        _workers = new WorkerPool(options.MaxInstances);
        _sandboxes = new SandboxPool(() => _runtime ?? throw new InvalidOperationException("QuickJS is not loaded yet"), options, logger);
        // Running plus parked executions each hold a sandbox; beyond that, executions wait for one.
        _sandboxSlots = new SemaphoreSlim(options.MaxInstances + options.MaxSuspended);
        _ready = StartAsync();
    }

    public ExecutionStats Stats { get; } = new();

    /// <summary>Gives the engine the extensions registered in DI. The kernel builds its engine before the container
    /// (so QuickJS loads while the host is built) and attaches them once the container exists, before it serves.</summary>
    public void Attach(ExtensionRegistry extensions) => Volatile.Write(ref _extensions, extensions);

    public KernelCounters Counters { get; }

    internal ModuleCache Cache => _cache;

    public bool IsReady => _ready.IsCompletedSuccessfully;

    /// <summary>Completes when QuickJS is compiled or loaded from the cache, the snapshot made and MIN_INSTANCES
    /// sandboxes are warm.</summary>
    public Task WhenReady => _ready;

    public int ActiveInstances => _sandboxes.Live - _sandboxes.Idle;

    public int AvailableInstances => _sandboxes.Idle;

    public int SuspendedExecutions => (int)Interlocked.Read(ref Stats.Suspended);

    /// <summary>Module-cache hits over look-ups (QuickJS at start-up and every wasm handler at creation).</summary>
    public double CacheHitRate => _cache.HitRate;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _ready.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Start-up failure was logged; disposal goes on.
        }
        _workers.Dispose();
        _sandboxes.Dispose();
        _sandboxSlots.Dispose();
        _cache.Dispose();
        // Only once every worker is gone: a reset still running on a worker would read the unmapped snapshot. A worker
        // that outlived its join keeps the snapshot and the modules mapped (leaked, never unsafe).
        if (!_workers.Stopped) return;
        _runtime?.Dispose();
        _cache.ReleaseModules();
    }

    private async Task StartAsync()
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            // Off the constructor's thread (the host's start-up thread, which has Kestrel to start): the compile queue
            // computes the key and loads (or compiles) QuickJS, first in its queue.
            var quickJs = await _cache.GetAsync(QuickJsRuntime.QuickJsResource, QuickJsRuntime.EmbeddedSha256, QuickJsRuntime.ReadQuickJs,
                CancellationToken.None);
            var loadedMs = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            _quickJsFromCache = quickJs.FromCache;
            var runtime = new QuickJsRuntime(WasmEngine.Shared, quickJs.Module);
            Volatile.Write(ref _runtime, runtime);
            var snapshotBytes = await _workers.RunAsync(() =>
            {
                var snapshot = runtime.Snapshot;
                _sandboxes.Warm(_options.MinInstances);
                return snapshot.Length;
            });
            NativeHeap.Trim();
            IdleCollector.StartOnce(_time);
            Log.Ready(_logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, quickJs.Tier ?? "compiled",
                loadedMs, snapshotBytes, _options.MinInstances, _workers.Count);
        }
        catch (Exception exception)
        {
            Log.StartFailed(_logger, exception);
            throw;
        }
    }
}
