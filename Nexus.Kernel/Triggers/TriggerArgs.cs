using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Triggers;

/// <summary>
/// The <c>$args</c> an automatic run sees: <c>{trigger:{type, ...}}</c> plus <c>event</c> or <c>key</c>/<c>value</c>.
/// Scheduled runs also carry <c>scheduledAt</c>: the occurrence they run for (unix ms), the same on every pod.
/// </summary>
internal static class TriggerArgs
{
    public static JsonElement Interval(int ms, DateTimeOffset scheduledAt, DateTimeOffset firedAt) => Build(writer =>
    {
        WriteTrigger(writer, "interval", firedAt, w =>
        {
            w.WriteNumber("ms", ms);
            w.WriteNumber("scheduledAt", scheduledAt.ToUnixTimeMilliseconds());
        });
    });

    public static JsonElement Cron(string expression, DateTimeOffset scheduledAt, DateTimeOffset firedAt) => Build(writer =>
    {
        WriteTrigger(writer, "cron", firedAt, w =>
        {
            w.WriteString("expression", expression);
            w.WriteNumber("scheduledAt", scheduledAt.ToUnixTimeMilliseconds());
        });
    });

    public static JsonElement Event(string pattern, EmittedEvent emitted, DateTimeOffset firedAt) => Build(writer =>
    {
        WriteTrigger(writer, "event", firedAt, w => w.WriteString("pattern", pattern));
        writer.WriteStartObject("event");
        writer.WriteString("name", emitted.Name);
        writer.WritePropertyName("payload");
        emitted.Payload.WriteTo(writer);
        writer.WriteNumber("timestamp", emitted.Timestamp);
        writer.WriteEndObject();
    });

    public static JsonElement StateChange(StateMutation mutation, DateTimeOffset firedAt) => Build(writer =>
    {
        WriteTrigger(writer, "state_change", firedAt, w => w.WriteString("key", mutation.Key));
        writer.WriteString("key", mutation.Key);
        writer.WritePropertyName("value");
        if (mutation.Value is { } value) value.WriteTo(writer);
        else writer.WriteNullValue();
    });

    private static void WriteTrigger(Utf8JsonWriter writer, string type, DateTimeOffset firedAt, Action<Utf8JsonWriter> details)
    {
        writer.WriteStartObject("trigger");
        writer.WriteString("type", type);
        details(writer);
        writer.WriteNumber("firedAt", firedAt.ToUnixTimeMilliseconds());
        writer.WriteEndObject();
    }

    private static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        // The state value or event payload inside may nest the full 64 levels a guest value may (GuestValueDepth).
        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 128 });
        return document.RootElement.Clone();
    }
}
