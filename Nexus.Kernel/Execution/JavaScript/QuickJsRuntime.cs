using Nexus.Kernel.Execution.Host;
using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// QuickJS loaded into the process-wide <see cref="WasmEngine"/>: the module (from the engine's module cache) and
/// the initialized snapshot every sandbox is restored from. One per <see cref="Orchestration.ExecutionEngine"/>.
/// </summary>
internal sealed class QuickJsRuntime(WasmEngine engine, Module quickJs)
{
    public const int EpochTickMs = WasmEngine.EpochTickMs;
    public const int MaxWasmStackBytes = WasmEngine.MaxWasmStackBytes;
    public const string QuickJsResource = "quickjs.wasm";

    private static readonly Lazy<byte[]> QuickJsBytesInstance = new(ReadQuickJs);

    private SandboxSnapshot? _created;
    private readonly Lock _snapshotLock = new();

    /// <summary>The embedded quickjs.wasm bytes (read once per process).</summary>
    public static byte[] QuickJsBytes => QuickJsBytesInstance.Value;

    public WasmEngine Host => engine;

    public InterruptMode Mode => engine.Mode;

    public Engine Engine => engine.Engine;

    /// <summary>Created on first use (on a worker thread: it runs guest code).</summary>
    public SandboxSnapshot Snapshot
    {
        get
        {
            if (Volatile.Read(ref _created) is { } made) return made;
            lock (_snapshotLock) return _created ??= Sandbox.CreateSnapshot(this, JavaScriptPrelude.Source);
        }
    }

    public Instance Instantiate(Store store) => engine.Instantiate<SandboxImports>(store, quickJs);

    private static byte[] ReadQuickJs()
    {
        using var stream = typeof(QuickJsRuntime).Assembly.GetManifestResourceStream(QuickJsResource)
            ?? throw new InvalidOperationException("embedded resource quickjs.wasm is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
