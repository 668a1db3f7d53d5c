using System.Text.Json;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>Maps a <see cref="PanelDefinition"/> to and from its stored JSON (<see cref="Json.StoredDefinition"/>).</summary>
internal static class StoredDefinitionCodec
{
    public static string Serialize(PanelDefinition d) => JsonSerializer.Serialize(
        new StoredDefinition(StoredDefinition.CurrentSchema, d.Id, d.Kind, d.Title, [.. d.Tools.Select(ToStored)], d.Scope,
            d.Capabilities?.ToList(), d.Metadata, d.Owner, d.CreatedAt),
        KernelJsonContext.Default.StoredDefinition);

    public static PanelDefinition Deserialize(string json)
    {
        var stored = JsonSerializer.Deserialize(json, KernelJsonContext.Default.StoredDefinition)
            ?? throw new InvalidDataException("empty panel definition in the store");
        if (stored.Schema != StoredDefinition.CurrentSchema) throw new InvalidDataException($"unknown stored definition schema {stored.Schema}");
        return new PanelDefinition(stored.Id, stored.Kind, stored.Title, [.. stored.Tools.Select(FromStored)], stored.Scope,
            stored.Capabilities, stored.Metadata, stored.Owner, stored.CreatedAt);
    }

    private static StoredTool ToStored(ToolDefinition t) => new(t.Name, t.Handler, t.Module, t.Export,
        new StoredTrigger((StoredTriggerType)t.Trigger.Type, t.Trigger.IntervalMs, t.Trigger.CronExpression, t.Trigger.EventPattern, t.Trigger.StateKey),
        t.Description, t.Capabilities?.ToList());

    private static ToolDefinition FromStored(StoredTool t) => new(t.Name, t.Handler, t.Module, t.Export,
        new TriggerDefinition((TriggerType)t.Trigger.Type, t.Trigger.IntervalMs, t.Trigger.CronExpression, t.Trigger.EventPattern, t.Trigger.StateKey),
        t.Description, t.Capabilities);
}
