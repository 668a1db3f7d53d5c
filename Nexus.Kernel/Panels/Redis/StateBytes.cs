using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// The state size Redis maintains, in the units of <see cref="StateSize"/>: each key counts <c>"key":value,</c>, so the
/// serialized size is <c>bytes + 1</c> (braces, minus the last comma), or 2 for <c>{}</c>. The commit script adds and
/// subtracts <see cref="Overhead"/> plus the raw value's byte length, so it never needs to parse JSON.
/// </summary>
internal static class StateBytes
{
    public static long Of(IReadOnlyDictionary<string, JsonElement> state)
    {
        long bytes = 0;
        foreach (var (key, value) in state) bytes += Overhead(key) + Encoding.UTF8.GetByteCount(value.GetRawText());
        return bytes;
    }

    /// <summary>The JSON-encoded key, its two quotes, the colon and the separating comma.</summary>
    public static int Overhead(string key) => JsonEncodedText.Encode(key).EncodedUtf8Bytes.Length + 4;
}
