using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Panels;

/// <summary>Bytes a state object takes serialized as compact JSON, kept per key so a batch costs only its keys.</summary>
internal static class StateSize
{
    public static long Of(IReadOnlyDictionary<string, JsonElement> state)
    {
        long total = 2;
        foreach (var (key, value) in state) total += Entry(key, value) + 1;
        return state.Count == 0 ? total : total - 1;
    }

    /// <summary>"key":value, without the separating comma.</summary>
    public static long Entry(string key, JsonElement value) =>
        JsonEncodedText.Encode(key).EncodedUtf8Bytes.Length + 3 + Encoding.UTF8.GetByteCount(value.GetRawText());
}
