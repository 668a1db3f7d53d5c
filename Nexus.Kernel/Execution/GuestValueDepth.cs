namespace Nexus.Kernel.Execution;

/// <summary>
/// How deeply a value from the guest may nest (state values, return values, event payloads, view params, ext
/// args): 64 levels, counted from the value's own root, each array or object one level (<c>[[0]]</c> has two).
/// That is System.Text.Json's default reader depth, so an accepted value always parses on its own; the envelopes
/// that carry it are written and read with a larger depth.
/// </summary>
internal static class GuestValueDepth
{
    public const int Max = 64;

    /// <summary>Throws <see cref="GuestValueTooDeepException"/> when <paramref name="json"/> nests deeper than
    /// <see cref="Max"/>. Counted on the text before parsing: the parser's own limit would surface as a bare
    /// JsonException naming neither the value nor the limit.</summary>
    public static void Require(string json, string where)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '[' or '{':
                    if (++depth > Max) throw new GuestValueTooDeepException(where);
                    break;
                case ']' or '}':
                    depth--;
                    break;
            }
        }
    }
}

/// <summary>A guest value nested deeper than <see cref="GuestValueDepth.Max"/>: the execution ends with RESOURCE_LIMIT.</summary>
internal sealed class GuestValueTooDeepException(string where)
    : Exception($"{where} is nested deeper than {GuestValueDepth.Max} levels");
