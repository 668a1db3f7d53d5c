using System.Text.Json;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// A panel definition as written to Redis. Kept apart from <see cref="PanelDefinition"/> so the stored shape is a
/// deliberate, versioned format (<see cref="Schema"/>) that pods of different builds can share during a rollout.
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

    public static string Serialize(PanelDefinition d) => JsonSerializer.Serialize(
        new StoredDefinition(CurrentSchema, d.Id, d.Kind, d.Title, [.. d.Tools.Select(StoredTool.From)], d.Scope,
            d.Capabilities?.ToList(), d.Metadata, d.Owner, d.CreatedAt),
        KernelJsonContext.Default.StoredDefinition);

    public static PanelDefinition Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize(json, KernelJsonContext.Default.StoredDefinition)
            ?? throw new InvalidDataException("empty panel definition in the store");
        if (stored.Schema != CurrentSchema) throw new InvalidDataException($"unknown stored definition schema {stored.Schema}");
        return new PanelDefinition(stored.Id, stored.Kind, stored.Title, [.. stored.Tools.Select(t => t.ToDefinition())], stored.Scope,
            stored.Capabilities, stored.Metadata, stored.Owner, stored.CreatedAt);
    }
}

/// <summary>One tool as stored; a wasm <see cref="Module"/> is base64 in the JSON.</summary>
internal sealed record StoredTool(
    string Name,
    string? Handler,
    byte[]? Module,
    string? Export,
    TriggerDefinition Trigger,
    string? Description,
    List<string>? Capabilities)
{
    public static StoredTool From(ToolDefinition t) =>
        new(t.Name, t.Handler, t.Module, t.Export, t.Trigger, t.Description, t.Capabilities?.ToList());

    public ToolDefinition ToDefinition() => new(Name, Handler, Module, Export, Trigger, Description, Capabilities);
}
