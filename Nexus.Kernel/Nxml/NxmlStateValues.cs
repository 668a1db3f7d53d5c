using System.Globalization;
using System.Text.Json;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>
/// A <c>&lt;State type default&gt;</c> as JSON, following the original's types (string, number, boolean, list, object)
/// and its empty defaults ("", 0, false, [], {}). Where the original silently fell back (a number that is not one
/// became 0), this refuses, so a typo in a document is reported instead of becoming data.
/// </summary>
internal static class NxmlStateValues
{
    private static readonly string[] Truthy = ["true", "1", "yes", "on"];
    private static readonly string[] Falsy = ["false", "0", "no", "off"];

    /// <summary>The default as JSON, or null with <paramref name="problem"/> saying why not.</summary>
    public static JsonElement? Parse(string type, string? text, out string? problem)
    {
        problem = null;
        var empty = string.IsNullOrEmpty(text);
        switch (type)
        {
            case "string":
                return Write(writer => writer.WriteStringValue(text ?? ""));
            case "number":
                if (empty) return Json("0");
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                {
                    return Json(number.ToString("R", CultureInfo.InvariantCulture));
                }
                problem = $"'{text}' is not a number";
                return null;
            case "boolean":
                var word = (text ?? "").Trim().ToLowerInvariant();
                if (empty || Falsy.Contains(word)) return Json("false");
                if (Truthy.Contains(word)) return Json("true");
                problem = $"'{text}' is not a boolean (true/false, 1/0, yes/no, on/off)";
                return null;
            case "list":
                if (empty) return Json("[]");
                if (TryJson(text!) is { } parsed) return parsed.ValueKind == JsonValueKind.Array ? parsed : Write(w => WriteArray(w, [parsed]));
                // Like the original: "a, b" is the list of its comma-separated items.
                if (text!.Contains(',')) return Write(w => { w.WriteStartArray(); foreach (var item in text.Split(',')) w.WriteStringValue(item.Trim()); w.WriteEndArray(); });
                problem = $"'{text}' is not a JSON array or a comma-separated list";
                return null;
            case "object":
                if (empty) return Json("{}");
                if (TryJson(text!) is { ValueKind: JsonValueKind.Object } obj) return obj;
                problem = $"'{text}' is not a JSON object";
                return null;
            default:
                problem = $"type '{type}' is not one of string, number, boolean, list, object";
                return null;
        }
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static void WriteArray(Utf8JsonWriter writer, JsonElement[] items)
    {
        writer.WriteStartArray();
        foreach (var item in items) item.WriteTo(writer);
        writer.WriteEndArray();
    }

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static JsonElement? TryJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
