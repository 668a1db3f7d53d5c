using System.Text.Json;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;

namespace Nexus.Kernel.Panels;

/// <summary>
/// Panels as the API sees them: create (compiling every tool first), read, delete, and trigger through the
/// panel's serial queue. Ownership is checked here, so every transport gets the same rules.
/// </summary>
internal sealed partial class PanelService(
    PanelStore store,
    PanelRuntimes runtimes,
    ExecutionEngine engine,
    PanelOptions options,
    KernelCounters counters,
    DrainState drain,
    IEnumerable<IPanelLifecycleObserver> lifecycleObservers,
    IEnumerable<IBatchObserver> batchObservers,
    ILogger<PanelService> logger) : IToolRunner
{
    private readonly IPanelLifecycleObserver[] _lifecycleObservers = [.. lifecycleObservers];
    private readonly IBatchObserver[] _batchObservers = [.. batchObservers];
    private readonly PanelLimits _limits = new(options.MaxPanels, options.MaxPanelsPerSubject);

    public async Task<CreateResult> CreateAsync(PanelDraft draft, CancellationToken cancellationToken)
    {
        if (drain.IsRefusing) return new CreateResult(CreateStatus.ShuttingDown);
        var definition = draft.Definition;
        var compiled = new Dictionary<string, CompiledTool>(StringComparer.Ordinal);
        foreach (var tool in definition.Tools)
        {
            try
            {
                compiled[tool.Name] = await engine.CompileAsync(tool.Source, cancellationToken);
            }
            catch (CompilationException error)
            {
                return new CreateResult(CreateStatus.CompilationFailed, error.Tool, error.Message, error.Line, error.Column);
            }
        }

        var outcome = await store.CreateAsync(definition, draft.InitialState, _limits, cancellationToken);
        if (outcome != CreateOutcome.Created)
        {
            counters.Rejections.Increment(outcome == CreateOutcome.Exists ? "panel_exists" : "panel_limit");
            return new CreateResult(outcome switch
            {
                CreateOutcome.Exists => CreateStatus.Exists,
                CreateOutcome.PanelLimit => CreateStatus.PanelLimit,
                _ => CreateStatus.SubjectLimit,
            });
        }

        var runtime = runtimes.Get(definition.Id);
        foreach (var (name, tool) in compiled) runtime.Compiled[name] = tool;
        Interlocked.Increment(ref counters.PanelsActive);
        Log.PanelCreated(logger, definition.Id, definition.Owner, definition.Tools.Count);
        foreach (var observer in _lifecycleObservers) observer.OnCreated(definition);
        return new CreateResult(CreateStatus.Created);
    }

    /// <summary>The panel if it exists and <paramref name="caller"/> may see it; others' panels look absent.</summary>
    public async Task<StoredPanel?> FindAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var panel = await store.GetAsync(id, cancellationToken);
        return panel is not null && caller.Owns(panel.Definition.Owner) ? panel : null;
    }

    public async Task<IReadOnlyList<StoredPanel>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken);
        return all.Where(p => caller.Owns(p.Definition.Owner)).ToList();
    }

    public async Task<PanelState?> GetStateAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await FindAsync(caller, id, cancellationToken) is null ? null : await store.GetStateAsync(id, cancellationToken);

    public async Task<bool> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(caller, id, cancellationToken) is null) return false;
        if (!await store.DeleteAsync(id, cancellationToken)) return false;
        runtimes.Remove(id);
        foreach (var observer in _lifecycleObservers) observer.OnDeleted(id);
        Interlocked.Decrement(ref counters.PanelsActive);
        Log.PanelDeleted(logger, id, caller.Subject);
        return true;
    }

    public PanelRuntime Runtime(string id) => runtimes.Get(id);

    /// <summary>Runs a tool through the panel's queue and waits for its final result (through any awaits).</summary>
    public async Task<TriggerOutcome> TriggerAsync(Caller caller, string id, string toolName, JsonElement args,
        Action<ProgressNotice>? onProgress, CancellationToken cancellationToken)
    {
        var panel = await FindAsync(caller, id, cancellationToken);
        if (panel is null) return TriggerOutcome.PanelNotFound;
        var tool = panel.Definition.FindTool(toolName);
        if (tool is null) return TriggerOutcome.ToolNotFound;
        return await RunAsync(panel.Definition, tool, args, onProgress, cancellationToken);
    }

    /// <summary>
    /// Runs a tool already resolved (also used by automatic triggers, which act as the panel's owner).
    /// <paramref name="causeDepth"/> counts how many automatic triggers led here (0: a client asked).
    /// </summary>
    Task<TriggerOutcome> IToolRunner.RunAsync(PanelDefinition panel, ToolDefinition tool, JsonElement args, int causeDepth) =>
        RunAsync(panel, tool, args, null, CancellationToken.None, causeDepth);

    public async Task<TriggerOutcome> RunAsync(PanelDefinition definition, ToolDefinition tool, JsonElement args,
        Action<ProgressNotice>? onProgress, CancellationToken cancellationToken, int causeDepth = 0)
    {
        using var inFlight = drain.TryStartExecution();
        if (inFlight is null) return TriggerOutcome.ShuttingDown;

        var runtime = runtimes.Get(definition.Id);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runtime.Deleted);
        if (!runtime.Queue.TryEnqueue(linked.Token, out var turnTask))
        {
            counters.Rejections.Increment("queue_full");
            return TriggerOutcome.QueueFull;
        }

        Interlocked.Increment(ref counters.PanelQueueDepth);
        SerialQueue.Turn turn;
        try
        {
            turn = await turnTask;
        }
        catch (OperationCanceledException) when (runtime.Deleted.IsCancellationRequested)
        {
            return TriggerOutcome.PanelNotFound;
        }
        finally
        {
            Interlocked.Decrement(ref counters.PanelQueueDepth);
        }

        using (turn)
        {
            // The local queue orders this pod's executions; the store's turn orders them across pods (a no-op in memory).
            await using var storeTurn = await store.AcquireTurnAsync(definition.Id, cancellationToken);
            var state = await store.GetStateAsync(definition.Id, cancellationToken);
            if (state is null || runtime.Deleted.IsCancellationRequested) return TriggerOutcome.PanelNotFound;
            var compiled = await CompiledToolAsync(runtime, tool, cancellationToken);
            var callbacks = new PanelExecutionCallbacks(store, runtime, storeTurn, state.Version, options.MaxStateBytes, onProgress,
                batch => NotifyApplied(definition, batch, causeDepth));
            var request = new ExecutionRequest(definition.Id, tool.Name, compiled, state.Values, args, definition.Scope,
                CapabilitySet.Effective(definition.Capabilities, tool.Capabilities), callbacks);
            ExecutionResult result;
            try
            {
                result = await engine.ExecuteAsync(request, linked.Token);
            }
            catch (OperationCanceledException) when (runtime.Deleted.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Deleting the panel cancels a suspended execution (the engine rethrows the caller's cancellation);
                // without this the HTTP trigger answered 500 instead of PANEL_NOT_FOUND (README "API at a glance", DELETE).
                return TriggerOutcome.PanelNotFound;
            }
            if (runtime.Deleted.IsCancellationRequested) return TriggerOutcome.PanelNotFound;
            return new TriggerOutcome(TriggerStatus.Completed, result);
        }
    }

    private async ValueTask<CompiledTool> CompiledToolAsync(PanelRuntime runtime, ToolDefinition tool, CancellationToken cancellationToken)
    {
        if (runtime.Compiled.TryGetValue(tool.Name, out var compiled)) return compiled;
        // Another pod created this panel: compile here once (the module cache makes it cheap).
        compiled = await engine.CompileAsync(tool.Source, cancellationToken);
        return runtime.Compiled.GetOrAdd(tool.Name, compiled);
    }

    private void NotifyApplied(PanelDefinition definition, ExecutionBatch batch, int causeDepth)
    {
        foreach (var observer in _batchObservers) observer.OnBatchApplied(definition, batch, causeDepth);
    }
}
