using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>A real <see cref="ExecutionEngine"/> (real Wasmtime, real QuickJS) plus the caller-side stand-ins.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static ExecutionOptions Defaults { get; } = new()
    {
        MaxInstances = 2, MinInstances = 1, MaxSuspended = 10, TimeoutMs = 2000, ExecutionDeadlineMs = 10000, MemoryLimitMb = 16,
    };

    public static ModuleCacheOptions Cache { get; } = new() { CacheDir = Path.Combine(Path.GetTempPath(), "nexus-tests-cache") };

    public EngineHarness(ExecutionOptions? options = null, TimeProvider? time = null, TestExtension? extension = null)
    {
        Logger = new ListLogger<ExecutionEngine>();
        Extension = extension ?? new TestExtension();
        var registry = new ExtensionRegistry([Extension], NullLogger<ExtensionRegistry>.Instance);
        Engine = new ExecutionEngine(options ?? Defaults, Logger, registry, time, cache: Cache);
    }

    public ExecutionEngine Engine { get; }

    public TestExtension Extension { get; }

    public ListLogger<ExecutionEngine> Logger { get; }

    public async Task<CompiledTool> CompileAsync(string handler, string name = "tool") =>
        await Engine.CompileAsync(Tool(name, handler), CancellationToken.None);

    public async Task<ExecutionResult> RunAsync(string handler, string stateJson = "{}", IReadOnlyList<string>? capabilities = null,
        string argsJson = "{}", string scopeJson = "{}", TestCallbacks? callbacks = null, string toolName = "tool")
    {
        var compiled = await CompileAsync(handler, toolName);
        return await Engine.ExecuteAsync(Request(compiled, handler, stateJson, capabilities, argsJson, scopeJson, callbacks ?? new TestCallbacks(stateJson)),
            CancellationToken.None);
    }

    public Task<ExecutionResult> ExecuteAsync(CompiledTool compiled, string handler, string stateJson = "{}",
        IReadOnlyList<string>? capabilities = null, TestCallbacks? callbacks = null, CancellationToken cancellationToken = default) =>
        Engine.ExecuteAsync(Request(compiled, handler, stateJson, capabilities, "{}", "{}", callbacks ?? new TestCallbacks(stateJson)),
            cancellationToken);

    public static ExecutionRequest Request(CompiledTool compiled, string handler, string stateJson, IReadOnlyList<string>? capabilities,
        string argsJson, string scopeJson, TestCallbacks callbacks) =>
        new("panel_test", compiled.ToolName, compiled,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stateJson)!,
            JsonDocument.Parse(argsJson).RootElement.Clone(), JsonDocument.Parse(scopeJson).RootElement.Clone(),
            CapabilitySet.Effective(null, capabilities), callbacks);

    public static ToolSource Tool(string name, string handler) => new(name, handler);

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
