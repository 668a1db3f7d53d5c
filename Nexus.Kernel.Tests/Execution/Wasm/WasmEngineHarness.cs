using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Caching;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.Orchestration;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>A real engine on a given CACHE_DIR, with helpers to compile and run wasm modules through it.</summary>
internal sealed class WasmEngineHarness : IAsyncDisposable
{
    public WasmEngineHarness(string cacheDir, int diskMaxMb = 96)
    {
        Engine = new ExecutionEngine(EngineHarness.Defaults with { TimeoutMs = 300 }, Logger,
            cache: EngineHarness.Cache with { CacheDir = cacheDir, CacheDiskMaxMb = diskMaxMb });
    }

    public ExecutionEngine Engine { get; }

    public ListLogger<ExecutionEngine> Logger { get; } = new();

    public long Compiles => Engine.Counters.CompileDuration.Count;

    public long Misses => Volatile.Read(ref Engine.Counters.CacheMisses);

    public long Rejected(string reason) => Engine.Counters.CacheRejected[reason];

    public long Hits(string tier) => Engine.Counters.CacheHits[tier];

    public int Warnings(int eventId) => Logger.Entries.Count(e => e.EventId == eventId);

    public async Task<CompiledTool> CompileAsync(byte[] module, string name = "wasm") =>
        await Engine.CompileAsync(Tool(name, module), CancellationToken.None);

    public async Task<ExecutionResult> RunAsync(CompiledTool tool, string stateJson = "{}", IReadOnlyList<string>? capabilities = null) =>
        await Engine.ExecuteAsync(EngineHarness.Request(tool, "", stateJson, capabilities, "{}", "{}", new TestCallbacks(stateJson)),
            CancellationToken.None);

    public static ToolSource Tool(string name, byte[] module) => new(name, null, module);

    public static string KeyOf(byte[] module) => CacheKey.Compute(WasmEngine.Shared.Settings.Fingerprint, module);

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
