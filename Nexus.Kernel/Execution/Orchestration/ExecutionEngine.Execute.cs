using System.Diagnostics;
using System.Text.Json;
using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Nexus.Kernel.Execution.Wasm;

namespace Nexus.Kernel.Execution.Orchestration;

/// <summary>The async half of an execution: guest slices on workers, batches and extension I/O off them.</summary>
internal sealed partial class ExecutionEngine
{
    /// <summary>Runs to completion, through any number of awaited extension calls, within the limits.</summary>
    public async Task<ExecutionResult> ExecuteAsync(ExecutionRequest request, CancellationToken cancellationToken)
    {
        var tool = request.Compiled;
        if (tool is not (JavaScriptCompiledTool or WasmCompiledTool))
        {
            throw new ArgumentException($"tool '{request.ToolName}' was not compiled by this engine", nameof(request));
        }
        // Wasm handlers need no QuickJS; JavaScript ones wait for it.
        if (tool is JavaScriptCompiledTool) await _ready.WaitAsync(cancellationToken);
        await _sandboxSlots.WaitAsync(cancellationToken);
        try
        {
            var run = new ExecutionRun(this, request, tool, cancellationToken);
            var result = await run.RunAsync();
            Record(result);
            if (result.Error is { } error) Log.ExecutionFailed(_logger, request.PanelId, request.ToolName, error.Code, error.Message);
            return result;
        }
        finally
        {
            _sandboxSlots.Release();
        }
    }

    /// <summary>One execution's async state: deadline, applied batches, outstanding extension calls.</summary>
    private sealed partial class ExecutionRun
    {
        private readonly ExecutionEngine _engine;
        private readonly ExecutionRequest _request;
        private readonly CompiledTool _tool;
        private readonly CancellationToken _callerToken;
        private readonly GuestSession _session;
        private readonly IGuestRunner _runner;
        private readonly List<StateMutation> _mutations = [];
        private readonly List<EmittedEvent> _events = [];
        private readonly List<ViewCommand> _viewCommands = [];
        private readonly Dictionary<string, (PendingExtensionCall Call, Task<ExtensionOutcome> Task)> _outstanding = [];

        public ExecutionRun(ExecutionEngine engine, ExecutionRequest request, CompiledTool tool, CancellationToken callerToken)
        {
            _engine = engine;
            _request = request;
            _tool = tool;
            _callerToken = callerToken;
            var options = engine._options;
            _session = new GuestSession(request, options, Volatile.Read(ref engine._extensions), engine.Stats, engine._time, engine._logger);
            var wallDeadline = Stopwatch.GetTimestamp() + options.ExecutionDeadlineMs * Stopwatch.Frequency / 1000;
            _runner = tool is WasmCompiledTool
                ? new WasmExecution(WasmEngine.Shared, _session, wallDeadline, options.MemoryLimitMb)
                : new JavaScriptExecution(_session, engine._sandboxes, wallDeadline, options.MemoryLimitMb);
        }

        public async Task<ExecutionResult> RunAsync()
        {
            var options = _engine._options;
            using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(options.ExecutionDeadlineMs), _engine._time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_callerToken, deadline.Token);
            var input = GuestJson.Input(_request, includeState: _tool is WasmCompiledTool);
            try
            {
                var step = await _engine._workers.RunAsync(() => _runner.Start(_tool, input), _runner.AfterStep);
                while (true)
                {
                    switch (step)
                    {
                        case GuestFailed failed:
                            return _runner.HoldsSandbox ? await AbandonAsync(failed.Error) : Result(null, failed.Error);
                        case GuestCompleted completed:
                            return Result(completed.ReturnValue, await CommitAsync(completed.Mutations, linked.Token));
                        case GuestSuspended suspended:
                            if (await CommitAsync(suspended.Mutations, linked.Token) is { } rejected) return await AbandonAsync(rejected);
                            var next = await AwaitExtensionsAsync(linked.Token);
                            if (next is null) return await EndByTokenAsync(deadline);
                            step = next;
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                return await EndByTokenAsync(deadline);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.InternalError(_engine._logger, _request.PanelId, _request.ToolName, exception);
                return await AbandonAsync(GuestFailure.Internal("internal error in the execution engine"));
            }
            finally
            {
                // Calls the guest started but never awaited do not outlive the execution.
                await linked.CancelAsync();
            }
        }

        /// <summary>The deadline passed (TIMEOUT) or the caller cancelled (rethrown) while the guest was parked.</summary>
        private async Task<ExecutionResult> EndByTokenAsync(CancellationTokenSource deadline)
        {
            await _engine._workers.RunAsync(_runner.Abandon);
            _callerToken.ThrowIfCancellationRequested();
            return Result(null, GuestFailure.Deadline(_engine._options.ExecutionDeadlineMs));
        }

        /// <summary>Applies one batch through the caller (never on a worker). Null when applied or empty.</summary>
        private async Task<ExecutionError?> CommitAsync(IReadOnlyList<StateMutation> mutations, CancellationToken token)
        {
            var batch = _session.TakeBatch(mutations);
            if (batch.IsEmpty) return null;
            try
            {
                await _request.Callbacks.CommitAsync(batch, token);
            }
            catch (BatchRejectedException rejected)
            {
                return new ExecutionError(rejected.Code, rejected.Message);
            }
            _mutations.AddRange(batch.Mutations);
            _events.AddRange(batch.Events);
            _viewCommands.AddRange(batch.ViewCommands);
            return null;
        }

        /// <summary>Releases the parked sandbox (on a worker) and ends with <paramref name="error"/>.</summary>
        private async Task<ExecutionResult> AbandonAsync(ExecutionError error)
        {
            await _engine._workers.RunAsync(_runner.Abandon);
            return Result(null, error);
        }

        private ExecutionResult Result(JsonElement? returnValue, ExecutionError? error) => new(
            error is null ? "success" : "error",
            error is null ? returnValue : null,
            _mutations, _events, _viewCommands, error,
            new ExecutionMetrics(_session.CpuMicroseconds, _runner.MemoryUsedBytes, _runner.MemoryPeakBytes, _session.HostCalls,
                _tool.FromCache));
    }

    /// <summary>Every execution is counted here, once, into the kernel's counters that /metrics exports.</summary>
    private void Record(ExecutionResult result)
    {
        Counters.Executions.Increment(result.Status);
        Counters.ExecutionDuration.Observe(TimeSpan.FromMicroseconds(result.Metrics.ExecutionTimeUs));
        if (result.Error is { } error) Counters.Errors.Increment(error.Code);
    }
}
