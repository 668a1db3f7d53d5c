using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Execution.Host;

/// <summary>The small JSON texts the host hands the guest prelude (no serializer: a writer is enough).</summary>
internal static class GuestJson
{
    /// <summary><c>{"c":code,"m":message}</c>: a promise rejection the guest sees as an Error with <c>.code</c>.</summary>
    public static string Error(string code, string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("c", code);
            writer.WriteString("m", message);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The execution's input: the trigger's args and the panel scope, and for raw wasm handlers the readable
    /// keys of the state (JavaScript handlers fetch each key on first use instead, see prelude.js).</summary>
    public static string Input(ExecutionRequest request, bool includeState)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (includeState) WriteReadableState(writer, request);
            WriteObjectOrEmpty(writer, "args", request.Args);
            WriteObjectOrEmpty(writer, "scope", request.Scope);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A JSON array of strings.</summary>
    public static string Keys(IEnumerable<string> keys)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var key in keys) writer.WriteStringValue(key);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteReadableState(Utf8JsonWriter writer, ExecutionRequest request)
    {
        writer.WriteStartObject("state");
        foreach (var (key, value) in request.State)
        {
            if (!request.Capabilities.AllowsStateRead(key)) continue;
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Parses JSON text the guest produced; <paramref name="where"/> names it in the error when it holds
    /// malformed text (<see cref="MalformedGuestTextException"/>) or nests too deeply (<see cref="GuestValueTooDeepException"/>).</summary>
    public static JsonElement Parse(string json, string where)
    {
        GuestValueDepth.Require(json, where);
        using var document = JsonDocument.Parse(json);
        GuestText.RequireWellFormed(json, document.RootElement, where);
        return document.RootElement.Clone();
    }

    private static void WriteObjectOrEmpty(Utf8JsonWriter writer, string name, JsonElement value)
    {
        writer.WritePropertyName(name);
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        value.WriteTo(writer);
    }
}
