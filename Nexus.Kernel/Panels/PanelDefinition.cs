using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

/// <summary>A panel as stored: its tools, scope and capabilities, and who owns it. State lives beside it.</summary>
internal sealed record PanelDefinition(
    string Id,
    string Kind,
    string? Title,
    IReadOnlyList<ToolDefinition> Tools,
    JsonElement Scope,
    IReadOnlyList<string>? Capabilities,
    JsonElement? Metadata,
    string Owner,
    DateTimeOffset CreatedAt)
{
    public ToolDefinition? FindTool(string name)
    {
        foreach (var tool in Tools)
        {
            if (tool.Name == name) return tool;
        }
        return null;
    }
}

/// <summary>One tool: JavaScript <see cref="Handler"/> source, or a raw wasm <see cref="Module"/> with its export.</summary>
internal sealed record ToolDefinition(
    string Name,
    string? Handler,
    byte[]? Module,
    string? Export,
    TriggerDefinition Trigger,
    string? Description,
    IReadOnlyList<string>? Capabilities)
{
    /// <summary>What the engine compiles from this tool.</summary>
    public ToolSource Source => new(Name, Handler, Module, Export);
}

internal enum TriggerType { Manual, Interval, Cron, Event, StateChange }

/// <summary>What starts a tool besides an explicit trigger (README "API at a glance"). Only the member of its type is set.</summary>
internal sealed record TriggerDefinition(TriggerType Type, int? IntervalMs = null, string? CronExpression = null,
    string? EventPattern = null, string? StateKey = null)
{
    public static readonly TriggerDefinition Manual = new(TriggerType.Manual);
}
