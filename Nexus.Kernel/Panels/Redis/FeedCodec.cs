using System.Buffers;
using System.Text;
using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// One message on a panel's feed channel. <see cref="Seq"/> is one above the previous message of that panel, so a
/// lost message shows as a gap. <see cref="Mutations"/> is set when the commit changed state (then
/// <see cref="Version"/> is the new version); <see cref="Deleted"/> ends the feed.
/// </summary>
internal sealed record FeedMessage(long Seq, long Version, IReadOnlyList<StateMutation>? Mutations, IReadOnlyList<EmittedEvent> Events,
    bool Deleted);

/// <summary>
/// Writes the mutation and event arrays the commit script splices into its PUBLISH, and reads feed messages back.
/// Written by hand with <see cref="Utf8JsonWriter"/>: values are copied as their raw JSON text, never re-encoded.
/// </summary>
internal static class FeedCodec
{
    public static string Mutations(IReadOnlyList<StateMutation> mutations) => Write(writer =>
    {
        foreach (var mutation in mutations)
        {
            writer.WriteStartObject();
            var isSet = IsSet(mutation);
            writer.WriteString("op", isSet ? "set" : "delete");
            writer.WriteString("key", mutation.Key);
            if (isSet)
            {
                writer.WritePropertyName("value");
                writer.WriteRawValue(mutation.Value!.Value.GetRawText(), skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
    });

    public static string Events(IReadOnlyList<EmittedEvent> events) => events.Count == 0 ? "" : Write(writer =>
    {
        foreach (var emitted in events)
        {
            writer.WriteStartObject();
            writer.WriteString("name", emitted.Name);
            writer.WritePropertyName("payload");
            writer.WriteRawValue(emitted.Payload.GetRawText(), skipInputValidation: true);
            writer.WriteNumber("timestamp", emitted.Timestamp);
            writer.WriteEndObject();
        }
    });

    /// <summary>The same rule as <see cref="StateApplier"/>: a delete, or a set without a value, removes the key.</summary>
    public static bool IsSet(StateMutation mutation) => mutation.Op != "delete" && mutation.Value is not null;

    public static FeedMessage Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Json.ClientJson.EnvelopeDepth });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var deleted = root.TryGetProperty("d", out var d) && d.ValueKind == JsonValueKind.True;
        List<StateMutation>? mutations = null;
        if (root.TryGetProperty("m", out var m))
        {
            mutations = new List<StateMutation>(m.GetArrayLength());
            foreach (var item in m.EnumerateArray())
            {
                var key = item.GetProperty("key").GetString()!;
                mutations.Add(item.GetProperty("op").GetString() == "set"
                    ? StateMutation.Set(key, item.GetProperty("value").Clone())
                    : StateMutation.Delete(key));
            }
        }
        var events = new List<EmittedEvent>();
        if (root.TryGetProperty("e", out var e))
        {
            foreach (var item in e.EnumerateArray())
            {
                events.Add(new EmittedEvent(item.GetProperty("name").GetString()!, item.GetProperty("payload").Clone(),
                    item.GetProperty("timestamp").GetInt64()));
            }
        }
        return new FeedMessage(root.GetProperty("s").GetInt64(), root.GetProperty("v").GetInt64(), mutations, events, deleted);
    }

    private static string Write(Action<Utf8JsonWriter> items)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            items(writer);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
