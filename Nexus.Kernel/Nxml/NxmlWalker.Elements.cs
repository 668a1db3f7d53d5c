using System.Text;
using System.Xml;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

internal sealed partial class NxmlWalker
{
    private void ReadTool()
    {
        var (line, position) = (_where.LineNumber, _where.LinePosition);
        var attributes = Attributes();
        var name = Required(attributes, "name", "Tool");
        if (_tools.Any(t => t.Name == name)) throw Fail($"tool '{name}' is declared twice");
        (string Code, int Line)? handler = null;
        List<string>? capabilities = null;
        Children("Tool", child =>
        {
            switch (child)
            {
                case "Arg":
                    Required(Attributes(), "name", "Arg");
                    NoChildren("Arg");
                    break;
                case "Handler":
                    if (handler is not null) throw Fail($"tool '{name}' has a second <Handler>");
                    handler = ReadHandler();
                    break;
                case "Capabilities":
                    capabilities ??= [];
                    Children("Capabilities", capability =>
                    {
                        if (capability != "Capability") throw Fail($"unknown element <{capability}> in <Capabilities> (expected Capability)");
                        capabilities.Add(CapabilityOf(Attributes()));
                        NoChildren("Capability");
                    });
                    break;
                default:
                    throw Fail($"unknown element <{child}> in <Tool> (expected Arg, Handler or Capabilities)");
            }
        });
        if (handler is not { } code) throw new NxmlException($"tool '{name}' has no <Handler>", line, position);
        _tools.Add(new NxmlTool(name, attributes.GetValueOrDefault("description"), code.Code, code.Line, capabilities));
    }

    /// <summary><c>type="state:write" scope="user"</c> is <c>state:write:user</c>; <c>ext:NAME</c> names an extension whole.</summary>
    private string CapabilityOf(Dictionary<string, string> attributes)
    {
        var type = Required(attributes, "type", "Capability");
        if (type.StartsWith("ext:", StringComparison.Ordinal)) return type;
        return $"{type}:{attributes.GetValueOrDefault("scope") ?? "*"}";
    }

    private (string Code, int Line) ReadHandler()
    {
        Attributes();
        if (reader.IsEmptyElement) throw Fail("<Handler> is empty");
        var code = new StringBuilder();
        var firstLine = 0;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
            {
                throw Fail($"<Handler> holds code only; found <{reader.Name}> (wrap code that contains '<' in CDATA)");
            }
            if (firstLine == 0 && !string.IsNullOrWhiteSpace(reader.Value))
            {
                var leading = reader.Value[..(reader.Value.Length - reader.Value.TrimStart().Length)];
                firstLine = _where.LineNumber + leading.Count(c => c == '\n');
            }
            code.Append(reader.Value);
        }
        var text = code.ToString().Trim();
        if (text.Length == 0) throw Fail("<Handler> is empty");
        return (text, firstLine);
    }

    /// <summary>Calls <paramref name="onElement"/> for each child element; text other than whitespace is an error.</summary>
    private void Children(string parent, Action<string> onElement)
    {
        if (reader.IsEmptyElement) return;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.EndElement:
                    return;
                case XmlNodeType.Element:
                    onElement(reader.LocalName);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA when !string.IsNullOrWhiteSpace(reader.Value):
                    throw Fail($"text is not allowed directly in <{parent}>");
            }
        }
    }

    private void NoChildren(string name) => Children(name, child => throw Fail($"<{name}> has no child elements; found <{child}>"));

    /// <summary>The current element's attributes; the reader is left on the element.</summary>
    private Dictionary<string, string> Attributes()
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.MoveToFirstAttribute())
        {
            do attributes[reader.Name] = reader.Value;
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        return attributes;
    }

    private string Required(Dictionary<string, string> attributes, string attribute, string element) =>
        attributes.TryGetValue(attribute, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw Fail($"<{element}> needs a {attribute} attribute");

    private NxmlException Fail(string message) => new(message, Math.Max(_where.LineNumber, 1), Math.Max(_where.LinePosition, 1));
}
