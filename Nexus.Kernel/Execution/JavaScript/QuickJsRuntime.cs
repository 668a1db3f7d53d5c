using System.Reflection;
using Nexus.Kernel.Execution.Host;
using Wasmtime;
using Module = Wasmtime.Module;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// QuickJS loaded into the process-wide <see cref="WasmEngine"/>: the module (from the engine's module cache) and
/// the initialized snapshot every sandbox is restored from. One per <see cref="Orchestration.ExecutionEngine"/>.
/// </summary>
internal sealed class QuickJsRuntime(WasmEngine engine, Module quickJs) : IDisposable
{
    public const int EpochTickMs = WasmEngine.EpochTickMs;
    public const int MaxWasmStackBytes = WasmEngine.MaxWasmStackBytes;
    public const string QuickJsResource = "quickjs.wasm";

    private SandboxSnapshot? _created;
    private readonly Lock _snapshotLock = new();

    /// <summary>
    /// A copy of the embedded quickjs.wasm (0.6 MiB). Not kept, and read only when the module cache has no compiled
    /// QuickJS: an idle process should not hold it.
    /// </summary>
    public static byte[] ReadQuickJs()
    {
        using var stream = typeof(QuickJsRuntime).Assembly.GetManifestResourceStream(QuickJsResource)
            ?? throw new InvalidOperationException("embedded resource quickjs.wasm is missing");
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)stream.Length));
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The SHA-256 of the embedded quickjs.wasm as the build verified it (build/QuickJs.targets): the module
    /// cache finds QuickJS by it, so a start with a warm cache neither reads nor hashes the 0.6 MiB.</summary>
    public static byte[] EmbeddedSha256 { get; } = Convert.FromHexString(typeof(QuickJsRuntime).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "QuickJsSha256").Value!);

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

    /// <summary>Frees the snapshot's memory file and its view; only once no sandbox of this runtime can be reset.</summary>
    public void Dispose() => Volatile.Read(ref _created)?.Image?.Dispose();
}
