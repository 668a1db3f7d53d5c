using System.Xml;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>
/// Reads an NXML document with the framework's <see cref="XmlReader"/>: no DTD (a <c>&lt;!DOCTYPE&gt;</c> is refused,
/// so no entity expansion), no resolver (nothing external is ever fetched), a size cap, comments ignored. The
/// grammar is the original's: <c>&lt;NexusPanel&gt;</c> with at most one <c>&lt;Data&gt;</c>, <c>&lt;Logic&gt;</c>
/// and <c>&lt;View&gt;</c>; unknown elements are errors with their line and position.
/// </summary>
internal static class NxmlParser
{
    /// <summary>The largest document accepted, in characters (UTF-16 code units), counted before anything else.</summary>
    public const int MaxCharacters = 1024 * 1024;

    public static NxmlPanel Parse(string source)
    {
        if (source.Length > MaxCharacters)
        {
            var (line, position) = LineAndPosition(source, MaxCharacters);
            throw new NxmlException($"the document is {source.Length} characters; at most {MaxCharacters} are accepted", line, position);
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 64 * 1024,
            // CDATA markers added around raw handlers are the only growth; the cap above is the user-facing one.
            MaxCharactersInDocument = 2L * MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = true,
        };
        using var reader = XmlReader.Create(new StringReader(NxmlHandlerText.WrapRawHandlers(source)), settings);
        try
        {
            return new NxmlWalker(reader).ReadDocument();
        }
        catch (XmlException error)
        {
            // The DTD refusal carries no position: it is where the document's <!DOCTYPE starts.
            var doctype = source.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
            var (line, position) = error.LineNumber == 0 && doctype >= 0 ? LineAndPosition(source, doctype) : (error.LineNumber, error.LinePosition);
            throw new NxmlException(Describe(error.Message), Math.Max(line, 1), Math.Max(position, 1));
        }
    }

    private static string Describe(string message)
    {
        if (message.Contains("DTD", StringComparison.OrdinalIgnoreCase)) return "not well-formed XML: a <!DOCTYPE> is not allowed (NXML has no DTD and no entity declarations)";
        if (!message.StartsWith("Xml_", StringComparison.Ordinal)) return "not well-formed XML: " + WithoutPosition(message);
        // The AOT binary keeps only resource keys (UseSystemResourceKeys); say the common faults in words.
        foreach (var (key, words) in KeyedFaults)
        {
            if (message.Contains(key, StringComparison.Ordinal)) return "not well-formed XML: " + words;
        }
        return "not well-formed XML";
    }

    private static readonly (string Key, string Words)[] KeyedFaults =
    [
        ("UnexpectedEOF", "the document ends before every element is closed"),
        ("TagMismatch", "an end tag does not match its start tag"),
        ("MultipleRoots", "there is more than one root element"),
        ("MissingRoot", "there is no root element"),
        ("DupAttributeName", "an attribute is given twice"),
        ("UndeclaredEntity", "an undeclared entity reference (only &lt; &gt; &amp; &quot; &apos; and character references exist)"),
        ("NameChar", "a name contains a character XML does not allow"),
        ("InvalidCharacter", "a character XML does not allow"),
        ("InvalidCharInThisEncoding", "a character XML does not allow"),
        ("Surrogate", "a broken surrogate pair"),
        ("UnexpectedEndTag", "an end tag without a start tag"),
        ("Unexpected", "unexpected markup"),
    ];

    // XmlException appends " Line N, position M." to its message; the problem carries them as members instead.
    private static string WithoutPosition(string message)
    {
        var cut = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static (int Line, int Position) LineAndPosition(string source, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (source[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return (line, index - lineStart + 1);
    }
}
