using Nexus.Kernel.Execution;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

/// <summary>
/// Event and state_change tools: each applied batch runs every tool whose pattern matches one of its events, or
/// whose key one of its mutations changed, once per cause. The runs queue behind the execution that caused them.
/// A chain (a run whose changes trigger further runs, itself included) stops at <see cref="MaxChainDepth"/> with
/// one log line and a metric.
/// </summary>
internal sealed partial class ReactiveTriggers(
    Lazy<IToolRunner> runner,
    TimeProvider time,
    DrainState drain,
    KernelCounters counters,
    ILogger<ReactiveTriggers> logger) : IBatchObserver
{
    public const int MaxChainDepth = 8;

    public void OnBatchApplied(PanelDefinition panel, ExecutionBatch batch, int causeDepth)
    {
        if (drain.IsDraining) return;
        foreach (var tool in panel.Tools)
        {
            switch (tool.Trigger.Type)
            {
                case TriggerType.Event:
                    foreach (var emitted in batch.Events)
                    {
                        if (EventPattern.Matches(tool.Trigger.EventPattern!, emitted.Name))
                        {
                            Start(panel, tool, "event", TriggerArgs.Event(tool.Trigger.EventPattern!, emitted, time.GetUtcNow()), causeDepth);
                        }
                    }
                    break;
                case TriggerType.StateChange:
                    foreach (var mutation in batch.Mutations)
                    {
                        if (mutation.Key == tool.Trigger.StateKey)
                        {
                            Start(panel, tool, "state_change", TriggerArgs.StateChange(mutation, time.GetUtcNow()), causeDepth);
                        }
                    }
                    break;
            }
        }
    }

    private void Start(PanelDefinition panel, ToolDefinition tool, string type, System.Text.Json.JsonElement args, int causeDepth)
    {
        if (causeDepth >= MaxChainDepth)
        {
            counters.Rejections.Increment("trigger_chain_depth");
            Log.ChainStopped(logger, panel.Id, tool.Name, type, MaxChainDepth);
            return;
        }
        counters.TriggerRuns.Increment(type);
        _ = RunAsync(panel, tool, type, args, causeDepth + 1);
    }

    private async Task RunAsync(PanelDefinition panel, ToolDefinition tool, string type, System.Text.Json.JsonElement args, int depth)
    {
        var outcome = await runner.Value.RunAsync(panel, tool, args, depth);
        TriggerRuns.Ended(logger, panel.Id, tool.Name, type, outcome);
    }
}
