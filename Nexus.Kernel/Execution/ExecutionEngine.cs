using Nexus.Kernel.Configuration;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Execution;

/// <summary>
/// The one Wasmtime engine of the process: compiles tools at panel creation and runs executions on a bounded
/// set of worker threads. Readiness waits for <see cref="IsReady"/> (QuickJS compiled or loaded).
/// </summary>
internal sealed partial class ExecutionEngine : IAsyncDisposable
{
    public ExecutionEngine(KernelOptions options, ILogger<ExecutionEngine> logger)
    {
        _ = options;
        _ = logger;
    }

    public bool IsReady => true;

    public int ActiveInstances => 0;

    public int AvailableInstances => 0;

    public double CacheHitRate => 0;

    /// <summary>Compiles a tool (throws <see cref="CompilationException"/> with line and column on a syntax error).</summary>
    public ValueTask<CompiledTool> CompileAsync(ToolDefinition tool, CancellationToken cancellationToken) =>
        ValueTask.FromResult<CompiledTool>(new PendingTool(tool.Name));

    private sealed class PendingTool(string name) : CompiledTool
    {
        public override string ToolName => name;
    }

    /// <summary>Runs to completion, through any number of awaited extension calls, within the limits.</summary>
    public Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException("engine issue #3");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
