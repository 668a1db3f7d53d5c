using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Panels;

/// <summary>Bytes a state object takes serialized as compact JSON, kept per key so a batch costs only its keys.</summary>
internal static class StateSize
{
    public static long Of(IReadOnlyDictionary<string, JsonElement> state) => Total(EntriesOf(state), state.Count);

    /// <summary>The sum of <c>"key":value,</c> over the state: what <see cref="Total"/> needs, kept by a store per panel.</summary>
    public static long EntriesOf(IReadOnlyDictionary<string, JsonElement> state)
    {
        long entries = 0;
        foreach (var (key, value) in state) entries += Entry(key, value) + 1;
        return entries;
    }

    /// <summary>The braces, and no comma after the last entry.</summary>
    public static long Total(long entries, int count) => count == 0 ? 2 : entries + 1;

    /// <summary>"key":value, without the separating comma.</summary>
    public static long Entry(string key, JsonElement value) =>
        JsonEncodedText.Encode(key).EncodedUtf8Bytes.Length + 3 + Encoding.UTF8.GetByteCount(value.GetRawText());
}
