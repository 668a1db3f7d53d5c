using System.Text.Json.Nodes;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>Short, failing-loudly navigation over rendered Kubernetes objects.</summary>
internal static class JsonNav
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var next) ? next : null;
        }
        return node;
    }

    public static string? Str(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static long? Num(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;

    public static bool? Bool(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    public static JsonObject Obj(this JsonNode? node, params string[] path) =>
        node.At(path) as JsonObject ?? throw new InvalidOperationException($"no object at {string.Join('.', path)}");

    public static JsonArray Arr(this JsonNode? node, params string[] path) => node.At(path) as JsonArray ?? [];

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, params string[] path) =>
        node.Arr(path).OfType<JsonObject>();

    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonObject obj
            ? obj.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "")
            : new Dictionary<string, string>();
}
