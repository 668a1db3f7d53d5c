using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Nexus.Kernel.Json;

/// <summary>
/// The rules every JSON a client sends is held to before anything reads it (README "Decisions", issue 15): text is
/// well-formed Unicode (valid UTF-8, no lone surrogate, raw or escaped), no object repeats a member name, and a
/// value nests at most <see cref="MaxDepth"/> levels. The answer names what and where (<c>initialState.o.k</c>).
/// Malformed JSON is left to the deserializer, which reports its position.
/// </summary>
internal static class ClientJson
{
    /// <summary>System.Text.Json's default reader depth: a value may nest this deep, counted from its own root.</summary>
    public const int MaxDepth = 64;

    /// <summary>Readers of values already accepted, inside an envelope (a store record, a feed message), read this deep.</summary>
    public const int EnvelopeDepth = 128;

    /// <summary>Null when <paramref name="utf8"/> keeps the rules, else one sentence naming the first breach and its path.</summary>
    /// <param name="maxDepth">How deep the whole document may nest: <see cref="MaxDepth"/> + 1 for a body whose members are the client's values.</param>
    public static string? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (!Utf8.IsValid(utf8)) return DescribeInvalidUtf8(utf8, maxDepth);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 2 });
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.BeforeValue();
                        if (reader.CurrentDepth + 1 > maxDepth) return $"nested deeper than {MaxDepth} levels at {path}";
                        path.Enter(reader.TokenType == JsonTokenType.StartObject);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        if (LoneSurrogate(reader.ValueSpan, reader.ValueIsEscaped)) return $"a lone surrogate in a member name at {path}";
                        var name = reader.GetString()!;
                        if (!path.Name(name)) return $"duplicate member '{name}' at {path.Parent}";
                        break;
                    case JsonTokenType.String:
                        path.BeforeValue();
                        if (LoneSurrogate(reader.ValueSpan, reader.ValueIsEscaped)) return $"a lone surrogate at {path}";
                        break;
                    default:
                        path.BeforeValue();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    /// <summary>Finds where the first invalid byte sits: the valid prefix is re-read for its path.</summary>
    private static string DescribeInvalidUtf8(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var status = Utf8.ToUtf16(utf8, new char[utf8.Length], out var valid, out _, replaceInvalidSequences: false);
        var prefix = status == System.Buffers.OperationStatus.Done ? utf8 : utf8[..valid];
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth + 2 }));
        var path = new JsonPathTracker();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.BeforeValue();
                        path.Enter(reader.TokenType == JsonTokenType.StartObject);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        path.Name(Encoding.UTF8.GetString(reader.ValueSpan));
                        break;
                    default:
                        path.BeforeValue();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The bad byte ends the readable prefix; the path so far is where it is.
        }
        path.BeforeValue();
        return $"invalid UTF-8 at {path} (byte {valid + 1})";
    }

    /// <summary>True when the (raw) string holds a <c>\uXXXX</c> escape of a surrogate that is not part of a valid pair.</summary>
    internal static bool LoneSurrogate(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped) return false; // raw surrogates are invalid UTF-8, refused before
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\') continue;
            i++;
            if (raw[i] != 'u') continue;
            var unit = Hex(raw.Slice(i + 1, 4));
            i += 4;
            if (char.IsLowSurrogate(unit)) return true;
            if (!char.IsHighSurrogate(unit)) continue;
            if (i + 6 >= raw.Length || raw[i + 1] != '\\' || raw[i + 2] != 'u' || !char.IsLowSurrogate(Hex(raw.Slice(i + 3, 4)))) return true;
            i += 6;
        }
        return false;
    }

    private static char Hex(ReadOnlySpan<byte> four)
    {
        var value = 0;
        foreach (var b in four) value = value * 16 + (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        return (char)value;
    }
}
