using System.Diagnostics;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Observability;
using Wasmtime;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// Two-tier compiled-module cache (README "Handlers"): a memory LRU over verified artifacts under CACHE_DIR. One per
/// <see cref="Orchestration.ExecutionEngine"/>, i.e. per kernel, so each kernel counts into its own <see cref="KernelCounters"/>
/// (nexus_module_cache_*), and a second kernel in one process really goes to disk rather than sharing modules.
/// Memory hits answer on the caller's thread; everything else runs on the single <see cref="CompileQueue"/>.
/// </summary>
internal sealed partial class ModuleCache : IDisposable
{
    private readonly WasmEngine _engine;
    private readonly KernelCounters _counters;
    private readonly ILogger _logger;
    private readonly MemoryTier _memory;
    private readonly CompileQueue _queue = new();

    public ModuleCache(WasmEngine engine, ModuleCacheOptions options, KernelCounters counters, ILogger logger)
    {
        _engine = engine;
        _counters = counters;
        _logger = logger;
        _memory = new MemoryTier(options.CacheMaxMb * 1024L * 1024L);
        Disk = new DiskTier(options.CacheDir, options.CacheDiskMaxMb * 1024L * 1024L, logger);
    }

    public DiskTier Disk { get; }

    public MemoryTier Memory => _memory;

    /// <summary>Hits over look-ups for this kernel (1 when nothing was looked up yet is misleading: 0 then).</summary>
    public double HitRate
    {
        get
        {
            var hits = _counters.CacheHits["memory"] + _counters.CacheHits["disk"];
            var total = hits + Volatile.Read(ref _counters.CacheMisses);
            return total == 0 ? 0 : (double)hits / total;
        }
    }

    /// <summary>The module for <paramref name="wasm"/>: from memory, from disk, or compiled (which throws
    /// <see cref="WasmtimeException"/> for invalid bytes).</summary>
    public async ValueTask<CachedModule> GetAsync(string name, byte[] wasm, CancellationToken cancellationToken)
    {
        var key = CacheKey.Compute(_engine.Settings.Fingerprint, wasm);
        if (_memory.TryGet(key, out var module))
        {
            _counters.CacheHits.Increment(CacheTiers.Memory);
            return new CachedModule(module, CacheTiers.Memory);
        }
        return await _queue.RunAsync(() => LoadOrCompile(key, name, () => wasm), cancellationToken);
    }

    /// <summary>The module whose bytes hash to <paramref name="sha256"/>, looked up on the compile thread (the caller
    /// does no work, not even the key); <paramref name="readWasm"/> is called only when it has to be compiled.</summary>
    public async ValueTask<CachedModule> GetAsync(string name, byte[] sha256, Func<byte[]> readWasm, CancellationToken cancellationToken) =>
        await _queue.RunAsync(() => LoadOrCompile(CacheKey.OfDigest(_engine.Settings.Fingerprint, sha256), name, readWasm), cancellationToken);

    public void Dispose() => _queue.Dispose();

    /// <summary>Disposes the modules in memory; only once nothing can run them any more (the engine's workers are gone).</summary>
    public void ReleaseModules() => _memory.DisposeAll();

    /// <summary>Runs on the compile thread, one module at a time.</summary>
    private CachedModule LoadOrCompile(string key, string name, Func<byte[]> readWasm)
    {
        // Another request for the same module may have been queued ahead of this one.
        if (_memory.TryGet(key, out var cached))
        {
            _counters.CacheHits.Increment(CacheTiers.Memory);
            return new CachedModule(cached, CacheTiers.Memory);
        }
        var disk = Disk.TryLoad(key, artifact => ArtifactFile.Load(_engine.Engine, name, artifact));
        if (disk.Module is { } loaded)
        {
            _memory.Add(key, loaded, disk.Bytes);
            _counters.CacheHits.Increment(CacheTiers.Disk);
            Log.Loaded(_logger, name, CacheKey.Short(key), CacheTiers.Disk);
            return new CachedModule(loaded, CacheTiers.Disk);
        }
        if (disk.Rejected is { } reason)
        {
            _counters.CacheRejected.Increment(reason);
            Log.ArtifactRejected(_logger, name, CacheKey.Short(key), reason);
        }
        Interlocked.Increment(ref _counters.CacheMisses);
        var wasm = readWasm();
        var started = Stopwatch.GetTimestamp();
        var module = Module.FromBytes(_engine.Engine, name, wasm);
        var elapsed = Stopwatch.GetElapsedTime(started);
        _counters.CompileDuration.Observe(elapsed);
        var artifact = module.Serialize();
        Log.Compiled(_logger, name, CacheKey.Short(key), (long)elapsed.TotalMilliseconds, artifact.Length);
        _memory.Add(key, module, artifact.Length);
        Disk.Store(key, artifact);
        return new CachedModule(module, null);
    }
}

/// <summary>A module and where it came from (<see cref="Tier"/> null: compiled by this kernel just now).</summary>
internal sealed record CachedModule(Module Module, string? Tier)
{
    public bool FromCache => Tier is not null;
}

/// <summary>Label values of nexus_module_cache_hits_total{tier}.</summary>
internal static class CacheTiers
{
    public const string Memory = "memory";
    public const string Disk = "disk";
}
