using System.Diagnostics;
using Nexus.Kernel.Execution.Guest;
using Wasmtime;

namespace Nexus.Kernel.Execution.Sandboxing;

/// <summary>
/// Process-wide Wasmtime state: one engine, the compiled QuickJS module, the import linker and the initialized
/// snapshot. Every <see cref="ExecutionEngine"/> of the process shares it (tests start many kernels in one process,
/// and compiling QuickJS costs seconds). Epoch ticks come from one timer.
/// </summary>
internal sealed class WasmRuntime
{
    public const int EpochTickMs = 10;
    public const string QuickJsResource = "quickjs.wasm";

    private static readonly Lazy<WasmRuntime> SharedInstance = new(() => new WasmRuntime(new DirectModuleCompiler(), InterruptMode.Epoch));

    private readonly Linker _linker;
    private readonly Lock _linkerLock = new();
    private readonly Lazy<SandboxSnapshot> _snapshot;
    private readonly Timer _epochTimer;

    private WasmRuntime(IModuleCompiler compiler, InterruptMode mode)
    {
        Mode = mode;
        Engine = new Engine(new Config()
            .WithEpochInterruption(mode == InterruptMode.Epoch)
            .WithFuelConsumption(mode == InterruptMode.Fuel)
            .WithMaximumStackSize(MaxWasmStackBytes));
        var started = Stopwatch.GetTimestamp();
        QuickJs = compiler.Compile(Engine, QuickJsResource, ReadQuickJs());
        QuickJsCompileTime = Stopwatch.GetElapsedTime(started);
        _linker = SandboxImports.Create(Engine);
        _snapshot = new(() => Sandbox.CreateSnapshot(this, GuestPrelude.Source));
        _epochTimer = new Timer(_ => Engine.IncrementEpoch(), null, EpochTickMs, EpochTickMs);
    }

    /// <summary>Wasm frames get this much native stack; worker threads are sized well above it.</summary>
    public const int MaxWasmStackBytes = 1024 * 1024;

    public static WasmRuntime Shared => SharedInstance.Value;

    public InterruptMode Mode { get; }

    /// <summary>A private runtime with another interrupt mode, for benchmarks comparing epoch and fuel costs.</summary>
    internal static WasmRuntime CreateIsolated(InterruptMode mode) => new(new DirectModuleCompiler(), mode);

    public static bool IsCreated => SharedInstance.IsValueCreated;

    public Engine Engine { get; }

    public Module QuickJs { get; }

    public TimeSpan QuickJsCompileTime { get; }

    public SandboxSnapshot Snapshot => _snapshot.Value;

    public Instance Instantiate(Store store)
    {
        lock (_linkerLock) return _linker.Instantiate(store, QuickJs);
    }

    private static byte[] ReadQuickJs()
    {
        using var stream = typeof(WasmRuntime).Assembly.GetManifestResourceStream(QuickJsResource)
            ?? throw new InvalidOperationException("embedded resource quickjs.wasm is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>How a runaway guest is stopped at the Wasmtime level (QuickJS's own interrupt handler runs in every mode).</summary>
internal enum InterruptMode { None, Epoch, Fuel }
