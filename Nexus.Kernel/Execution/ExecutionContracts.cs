using System.Text.Json;

namespace Nexus.Kernel.Execution;

/// <summary>Everything one execution needs. <see cref="State"/> is the panel's whole state at start; the engine
/// passes only readable keys into the guest.</summary>
internal sealed record ExecutionRequest(
    string PanelId,
    string ToolName,
    CompiledTool Compiled,
    IReadOnlyDictionary<string, JsonElement> State,
    JsonElement Args,
    JsonElement Scope,
    CapabilitySet Capabilities,
    IExecutionCallbacks Callbacks);

/// <summary>How Panels/ hears from a running execution. Called from the engine, never concurrently for one execution.</summary>
internal interface IExecutionCallbacks
{
    /// <summary>
    /// Applies one batch atomically (flush point: an awaited extension call, or the end). Returns the panel
    /// version after it. Throws <see cref="BatchRejectedException"/> when the batch cannot apply (e.g. the state
    /// would exceed MAX_STATE_BYTES); the execution then ends with that error and the batch is dropped.
    /// </summary>
    ValueTask<long> CommitAsync(ExecutionBatch batch, CancellationToken cancellationToken);

    /// <summary>The execution parked awaiting I/O (<c>suspended</c>) or went on (<c>resumed</c>).</summary>
    void OnProgress(ProgressNotice notice);
}

internal sealed record ExecutionBatch(
    IReadOnlyList<StateMutation> Mutations,
    IReadOnlyList<EmittedEvent> Events,
    IReadOnlyList<ViewCommand> ViewCommands)
{
    public bool IsEmpty => Mutations.Count == 0 && Events.Count == 0 && ViewCommands.Count == 0;
}

internal sealed record ProgressNotice(string Status, string Extension, string Method);

internal sealed class BatchRejectedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>A handler rejected at creation (400 COMPILATION_ERROR with tool, line, column; README "API at a glance").</summary>
internal sealed class CompilationException(string tool, string message, int? line, int? column) : Exception(message)
{
    public string Tool { get; } = tool;
    public int? Line { get; } = line;
    public int? Column { get; } = column;
}

/// <summary>Opaque handle to a tool compiled by the engine (JS bytecode or a wasm module).</summary>
internal abstract class CompiledTool
{
    public abstract string ToolName { get; }

    /// <summary>The module it runs (QuickJS, or the wasm handler) came from the module cache rather than being
    /// compiled by this kernel: <c>metrics.cacheHit</c> of its executions.</summary>
    public abstract bool FromCache { get; }
}

// ---- wire shapes (README "API at a glance": ExecutionResult) ----

internal sealed record StateMutation(string Op, string Key, JsonElement? Value)
{
    public static StateMutation Set(string key, JsonElement value) => new("set", key, value);
    public static StateMutation Delete(string key) => new("delete", key, null);
}

internal sealed record EmittedEvent(string Name, JsonElement Payload, long Timestamp);

internal sealed record ViewCommand(string ViewId, string Command, JsonElement Params);

internal sealed record ErrorLocation(int Line, int Column);

internal sealed record ExecutionError(string Code, string Message, ErrorLocation? Location = null);

internal sealed record ExecutionMetrics(long ExecutionTimeUs, long MemoryUsedBytes, long MemoryPeakBytes, int HostCalls, bool CacheHit);

internal sealed record ExecutionResult(
    string Status,
    JsonElement? ReturnValue,
    IReadOnlyList<StateMutation> StateMutations,
    IReadOnlyList<EmittedEvent> Events,
    IReadOnlyList<ViewCommand> ViewCommands,
    ExecutionError? Error,
    ExecutionMetrics Metrics);

internal static class ExecutionErrorCodes
{
    public const string Timeout = "TIMEOUT";
    public const string MemoryLimit = "MEMORY_LIMIT";
    public const string ResourceLimit = "RESOURCE_LIMIT";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string ExecutionError = "EXECUTION_ERROR";
    public const string ExtensionNotFound = "EXTENSION_NOT_FOUND";
    public const string MethodNotFound = "METHOD_NOT_FOUND";
    public const string ExtensionError = "EXTENSION_ERROR";
    public const string InvalidArgument = "INVALID_ARGUMENT";
    public const string InternalError = "INTERNAL_ERROR";
    public const string PanelNotFound = "PANEL_NOT_FOUND";
}
