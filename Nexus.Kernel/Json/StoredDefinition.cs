using System.Text.Json;

namespace Nexus.Kernel.Json;

/// <summary>
/// A panel definition as written to Redis. Kept apart from the panel's own records (and their enums) so the stored
/// shape is a deliberate, versioned format (<see cref="Schema"/>) that pods of different builds can share during a
/// rollout; Panels/Redis maps to and from it.
/// </summary>
internal sealed record StoredDefinition(
    int Schema,
    string Id,
    string Kind,
    string? Title,
    List<StoredTool> Tools,
    JsonElement Scope,
    List<string>? Capabilities,
    JsonElement? Metadata,
    string Owner,
    DateTimeOffset CreatedAt)
{
    public const int CurrentSchema = 1;
}

/// <summary>One tool as stored; a wasm <see cref="Module"/> is base64 in the JSON.</summary>
internal sealed record StoredTool(
    string Name,
    string? Handler,
    byte[]? Module,
    string? Export,
    StoredTrigger Trigger,
    string? Description,
    List<string>? Capabilities);

/// <summary>A tool's trigger as stored: the same members and enum names as the panel's own trigger record.</summary>
internal sealed record StoredTrigger(StoredTriggerType Type, int? IntervalMs = null, string? CronExpression = null,
    string? EventPattern = null, string? StateKey = null);

internal enum StoredTriggerType { Manual, Interval, Cron, Event, StateChange }
