using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Execution;

/// <summary>
/// Text the guest hands the host must be well-formed Unicode. A lone UTF-16 surrogate (a JavaScript string cut in
/// the middle of an emoji is enough) reaches the host as a <c>\uDC00</c> JSON escape, parses, and only fails when the
/// value is written again: once committed it would make its panel unreadable. So it is refused where it crosses.
/// </summary>
internal static class GuestText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes the guest's UTF-8; false when the bytes are not well-formed (QuickJS encodes a lone surrogate
    /// as its three-byte form, which strict UTF-8 refuses).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string text)
    {
        try
        {
            text = Strict.GetString(utf8);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>Throws <see cref="MalformedGuestTextException"/> when a string or member name in the parsed JSON text
    /// holds a lone surrogate. Only escaped text can: the cheap scan for <c>\u</c> skips the walk otherwise.</summary>
    public static void RequireWellFormed(string json, JsonElement root, string where)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal)) return;
        if (!IsWellFormed(root)) throw new MalformedGuestTextException(where);
    }

    /// <summary>The same rule for one string member of the host's own envelopes (a state key, say).</summary>
    public static string ReadString(JsonElement element, string where)
    {
        try
        {
            return element.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new MalformedGuestTextException(where);
        }
    }

    /// <summary>An error message is diagnostics, not data: a malformed one is shown in its escaped form.</summary>
    public static string ReadForDiagnostics(JsonElement element)
    {
        try
        {
            return element.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return element.GetRawText().Trim('"');
        }
    }

    private static bool IsWellFormed(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        if (!IsWellFormed(item)) return false;
                    }
                    return true;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!IsWellFormed(property.Value)) return false;
                    }
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to unescape an unpaired surrogate when a string is read.
            return false;
        }
    }
}

/// <summary>Guest text that is not well-formed Unicode; <see cref="Exception.Message"/> says where and why.</summary>
internal sealed class MalformedGuestTextException(string where)
    : JsonException($"{where} holds text that is not well-formed Unicode (a lone surrogate, e.g. a string cut in the middle of an emoji)");
