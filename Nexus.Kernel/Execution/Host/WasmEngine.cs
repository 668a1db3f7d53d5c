using System.Collections.Concurrent;
using Wasmtime;

namespace Nexus.Kernel.Execution.Host;

/// <summary>
/// Process-wide Wasmtime state: one engine, one import linker per kind of guest (<see cref="IGuestImports"/>:
/// QuickJS's and raw handlers' <c>nexus</c>) and one epoch timer. Compiled modules are not here: each
/// <see cref="Orchestration.ExecutionEngine"/> gets them from its own module cache, so a second kernel in the same
/// process really loads QuickJS from CACHE_DIR instead of sharing a module.
/// </summary>
internal sealed class WasmEngine
{
    public const int EpochTickMs = 10;

    /// <summary>Wasm frames get this much native stack; worker threads are sized well above it.</summary>
    public const int MaxWasmStackBytes = 1024 * 1024;

    private static readonly Lazy<WasmEngine> SharedInstance = new(() => new WasmEngine(InterruptMode.Epoch));

    private readonly ConcurrentDictionary<Type, Linker> _linkers = new();
    private readonly Lock _linkerLock = new();
    private readonly Timer _epochTimer;

    /// <summary>A private engine: the kernel uses <see cref="Shared"/>; benchmarks build one per interrupt mode.</summary>
    internal WasmEngine(InterruptMode mode)
    {
        Settings = new EngineSettings(mode, MaxWasmStackBytes);
        Engine = new Engine(Settings.ToConfig());
        _epochTimer = new Timer(_ => Engine.IncrementEpoch(), null, EpochTickMs, EpochTickMs);
    }

    public static WasmEngine Shared => SharedInstance.Value;

    public EngineSettings Settings { get; }

    public InterruptMode Mode => Settings.Mode;

    public Engine Engine { get; }

    /// <summary>Instantiates <paramref name="module"/> against the imports of its kind of guest.</summary>
    public Instance Instantiate<TImports>(Store store, Module module) where TImports : IGuestImports
    {
        var linker = _linkers.GetOrAdd(typeof(TImports), static (_, engine) => TImports.Create(engine), Engine);
        lock (_linkerLock) return linker.Instantiate(store, module);
    }
}
