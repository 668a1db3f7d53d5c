using System.Text;
using System.Text.RegularExpressions;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>
/// Handlers in NXML are JavaScript written inline (<c>if (a &lt; b &amp;&amp; c)</c> with raw <c>&lt;</c> and
/// <c>&amp;</c>), which the original's own lexer read verbatim but XML does not allow. Before the document reaches
/// the XML reader, a handler whose text is not already valid XML character data is wrapped in CDATA. Text that is
/// valid (no raw <c>&lt;</c>, every <c>&amp;</c> an entity reference) is left alone and read with its entities
/// decoded. Lines are unchanged, so every reported line number still points into the document as sent.
/// </summary>
internal static partial class NxmlHandlerText
{
    [GeneratedRegex(@"<Handler(\s[^<>]*)?(?<!/)>", RegexOptions.CultureInvariant)]
    private static partial Regex HandlerOpen();

    [GeneratedRegex(@"&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);", RegexOptions.CultureInvariant)]
    private static partial Regex EntityReference();

    public static string WrapRawHandlers(string source)
    {
        if (!source.Contains("<Handler", StringComparison.Ordinal)) return source;
        var result = new StringBuilder(source.Length + 64);
        var at = 0;
        for (var open = HandlerOpen().Match(source); open.Success; open = HandlerOpen().Match(source, at))
        {
            var start = open.Index + open.Length;
            var close = source.IndexOf("</Handler>", start, StringComparison.Ordinal);
            if (close < 0) break; // unclosed: the XML reader reports it, with its position
            var code = source[start..close];
            result.Append(source, at, start - at);
            if (NeedsWrapping(code)) result.Append("<![CDATA[").Append(code).Append("]]>");
            else result.Append(code);
            at = close;
        }
        return result.Append(source, at, source.Length - at).ToString();
    }

    private static bool NeedsWrapping(string code)
    {
        if (code.Contains("<![CDATA[", StringComparison.Ordinal) || code.Contains("]]>", StringComparison.Ordinal)) return false;
        if (code.Contains('<')) return true;
        return EntityReference().Replace(code, "").Contains('&');
    }
}
