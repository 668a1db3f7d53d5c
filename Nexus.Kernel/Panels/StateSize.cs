using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Panels;

/// <summary>
/// Bytes a state object takes serialized as compact JSON, kept per key so a batch costs only its keys. Both stores keep
/// <see cref="EntriesOf"/> per panel: the memory store in its entry, the Redis store in the panel's hash, where the
/// commit script adds and subtracts <see cref="KeyOverhead"/> plus a value's raw length without parsing JSON.
/// </summary>
internal static class StateSize
{
    public static long Of(IReadOnlyDictionary<string, JsonElement> state) => Total(EntriesOf(state), state.Count);

    /// <summary>The sum of <c>"key":value,</c> over the state: what <see cref="Total"/> needs.</summary>
    public static long EntriesOf(IReadOnlyDictionary<string, JsonElement> state)
    {
        long entries = 0;
        foreach (var (key, value) in state) entries += Entry(key, value);
        return entries;
    }

    /// <summary>The braces, and no comma after the last entry.</summary>
    public static long Total(long entries, int count) => count == 0 ? 2 : entries + 1;

    /// <summary><c>"key":value,</c> with its separating comma.</summary>
    public static long Entry(string key, JsonElement value) => KeyOverhead(key) + Encoding.UTF8.GetByteCount(value.GetRawText());

    /// <summary>The JSON-encoded key, its two quotes, the colon and the separating comma.</summary>
    public static int KeyOverhead(string key) => JsonEncodedText.Encode(key).EncodedUtf8Bytes.Length + 4;
}
