using System.Text.Json;
using Nexus.Kernel.Http;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>
/// An NXML panel as the create request the rest of the kernel validates: kind <c>NexusPanel</c>, the document's
/// title, every tool manual, state defaults overlaid with <c>initialState</c>, the document's other attributes,
/// extensions and computed values kept in <c>metadata</c>.
/// </summary>
internal static class NxmlMapping
{
    public const string Kind = "NexusPanel";

    public static CreatePanelRequest ToCreateRequest(NxmlPanel panel, string? id, JsonElement? initialState)
    {
        var tools = panel.Tools
            .Select(t => (ToolSpec?)new ToolSpec(t.Name, t.Handler, null, null, null, t.Description, t.Capabilities))
            .ToList();
        return new CreatePanelRequest(id, Kind, panel.Title, tools, State(panel, initialState), null, null, Metadata(panel));
    }

    private static JsonElement State(NxmlPanel panel, JsonElement? initialState) => Write(writer =>
    {
        var overlay = initialState is { ValueKind: JsonValueKind.Object } given ? given : (JsonElement?)null;
        writer.WriteStartObject();
        foreach (var state in panel.States)
        {
            if (overlay is { } o && o.TryGetProperty(state.Name, out _)) continue;
            writer.WritePropertyName(state.Name);
            state.Default.WriteTo(writer);
        }
        if (overlay is { } values)
        {
            foreach (var member in values.EnumerateObject()) member.WriteTo(writer);
        }
        writer.WriteEndObject();
    });

    private static JsonElement Metadata(NxmlPanel panel) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("format", "nxml");
        foreach (var (name, value) in panel.Meta)
        {
            if (name is "format" or "extensions" or "computed") continue;
            if (name == "tags")
            {
                writer.WriteStartArray("tags");
                foreach (var tag in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) writer.WriteStringValue(tag);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString(name, value);
            }
        }
        if (panel.Extensions.Count > 0)
        {
            writer.WriteStartArray("extensions");
            foreach (var extension in panel.Extensions) writer.WriteStringValue(extension);
            writer.WriteEndArray();
        }
        if (panel.Computed.Count > 0)
        {
            writer.WriteStartObject("computed");
            foreach (var (name, expression) in panel.Computed) writer.WriteString(name, expression);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    });

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        // Values came from a body already read at the client depth limit, one level deeper here at most.
        using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 128 });
        return document.RootElement.Clone();
    }
}
