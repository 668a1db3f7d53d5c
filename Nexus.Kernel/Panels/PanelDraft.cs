using System.Text.Json;

namespace Nexus.Kernel.Panels;

/// <summary>A validated create request: the definition to store and the state to start from.</summary>
internal sealed record PanelDraft(PanelDefinition Definition, IReadOnlyDictionary<string, JsonElement> InitialState);

internal enum CreateStatus { Created, Exists, PanelLimit, SubjectLimit, CompilationFailed, ShuttingDown }

internal sealed record CreateResult(CreateStatus Status, string? FailedTool = null, string? Message = null, int? Line = null, int? Column = null);

internal enum TriggerStatus { Completed, PanelNotFound, ToolNotFound, QueueFull, ShuttingDown }

internal sealed record TriggerOutcome(TriggerStatus Status, Execution.ExecutionResult? Result = null)
{
    public static readonly TriggerOutcome PanelNotFound = new(TriggerStatus.PanelNotFound);
    public static readonly TriggerOutcome ToolNotFound = new(TriggerStatus.ToolNotFound);
    public static readonly TriggerOutcome QueueFull = new(TriggerStatus.QueueFull);
    public static readonly TriggerOutcome ShuttingDown = new(TriggerStatus.ShuttingDown);
}
