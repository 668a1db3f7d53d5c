using System.Diagnostics;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution.Guest;
using Nexus.Kernel.Execution.Sandboxing;
using Nexus.Kernel.Extensions;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Execution;

/// <summary>
/// Runs tools: compiles them at panel creation, and runs executions on a bounded set of worker threads in
/// sandboxes reset to a snapshot of an initialized QuickJS. The Wasmtime engine, the compiled QuickJS module and
/// the snapshot are process-wide (<see cref="WasmRuntime"/>); workers and sandboxes belong to this instance.
/// Readiness waits for <see cref="IsReady"/>.
/// </summary>
internal sealed partial class ExecutionEngine : IAsyncDisposable
{
    private readonly KernelOptions _options;
    private readonly ILogger<ExecutionEngine> _logger;
    private readonly ExtensionRegistry _extensions;
    private readonly TimeProvider _time;
    private readonly WorkerPool _workers;
    private readonly SandboxPool _sandboxes;
    private readonly SemaphoreSlim _sandboxSlots;
    private readonly Task _ready;

    public ExecutionEngine(KernelOptions options, ILogger<ExecutionEngine> logger, ExtensionRegistry? extensions = null,
        TimeProvider? time = null)
    {
        _options = options;
        _logger = logger;
        _extensions = extensions ?? ExtensionRegistry.Empty;
        _time = time ?? TimeProvider.System;
        _workers = new WorkerPool(options.MaxInstances);
        _sandboxes = new SandboxPool(() => WasmRuntime.Shared, options, Stats, logger);
        // Running plus parked executions each hold a sandbox; beyond that, executions wait for one.
        _sandboxSlots = new SemaphoreSlim(options.MaxInstances + options.MaxSuspended);
        _ready = StartAsync();
    }

    public ExecutionStats Stats { get; } = new();

    public bool IsReady => _ready.IsCompletedSuccessfully;

    /// <summary>Completes when QuickJS is compiled, the snapshot made and MIN_INSTANCES sandboxes are warm.</summary>
    public Task WhenReady => _ready;

    public int ActiveInstances => _sandboxes.Live - _sandboxes.Idle;

    public int AvailableInstances => _sandboxes.Idle;

    public int SuspendedExecutions => (int)Interlocked.Read(ref Stats.Suspended);

    /// <summary>QuickJS is compiled once per process and kept in memory, so every execution after start-up hits.
    /// (The module cache of wasm handlers is a later issue; it will refine this.)</summary>
    public double CacheHitRate => IsReady ? 1.0 : 0.0;

    /// <summary>Compiles a tool (throws <see cref="CompilationException"/> with line and column on a syntax error).</summary>
    public async ValueTask<CompiledTool> CompileAsync(ToolDefinition tool, CancellationToken cancellationToken)
    {
        if (tool.Handler is null && tool.Module is not null)
        {
            throw new CompilationException(tool.Name, "raw WebAssembly handlers are not supported yet", null, null);
        }
        if (string.IsNullOrWhiteSpace(tool.Handler)) throw new CompilationException(tool.Name, "the handler is empty", null, null);
        await _ready.WaitAsync(cancellationToken);
        Interlocked.Increment(ref Stats.Compilations);
        var source = tool.Handler;
        var (bytecode, errorJson) = await _workers.RunAsync(() =>
        {
            var sandbox = _sandboxes.Rent();
            try
            {
                return (sandbox.Compile(GuestPrelude.Wrap(source), GuestPrelude.HandlerFileName, out var error), error);
            }
            finally
            {
                _sandboxes.Return(sandbox);
            }
        });
        if (bytecode is not null) return new JsCompiledTool(tool.Name, bytecode);
        Interlocked.Increment(ref Stats.CompilationErrors);
        throw CompileError.From(tool, errorJson);
    }

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
    }

    private async Task StartAsync()
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var snapshotBytes = await _workers.RunAsync(() =>
            {
                var snapshot = WasmRuntime.Shared.Snapshot;
                _sandboxes.Warm(_options.MinInstances);
                return snapshot.Memory.Length;
            });
            NativeHeap.Trim();
            ExecutionLog.Ready(_logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                (long)WasmRuntime.Shared.QuickJsCompileTime.TotalMilliseconds, snapshotBytes, _options.MinInstances, _workers.Count);
        }
        catch (Exception exception)
        {
            ExecutionLog.StartFailed(_logger, exception);
            throw;
        }
    }
}
