using System.Xml;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>One pass over the reader. Each element reader starts on the element and ends on its last node.</summary>
internal sealed partial class NxmlWalker(XmlReader reader)
{
    private readonly IXmlLineInfo _where = (IXmlLineInfo)reader;
    private readonly List<NxmlState> _states = [];
    private readonly Dictionary<string, string> _computed = new(StringComparer.Ordinal);
    private readonly List<string> _extensions = [];
    private readonly List<NxmlTool> _tools = [];

    public NxmlPanel ReadDocument()
    {
        reader.MoveToContent();
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "NexusPanel")
        {
            throw Fail($"the root element must be <NexusPanel>, not <{reader.Name}>");
        }
        var meta = Attributes();
        if (reader.IsEmptyElement) throw Fail("<NexusPanel> cannot be empty: it holds <Data>, <Logic> and <View>");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Children("NexusPanel", name =>
        {
            if (name is not ("Data" or "Logic" or "View")) throw Fail($"unknown section <{name}> in <NexusPanel> (expected Data, Logic or View)");
            if (!seen.Add(name)) throw Fail($"a second <{name}> section");
            if (name == "Data") Children("Data", ReadDataElement);
            else if (name == "Logic") Children("Logic", ReadLogicElement);
            else SkipView();
        });
        while (reader.Read())
        {
            // reading to the end lets the reader check that nothing but comments follows the root
        }

        meta.Remove("id", out var id);
        meta.Remove("title", out var title);
        return new NxmlPanel(id, title, meta, _states, _computed, _extensions, _tools);
    }

    private void ReadDataElement(string name)
    {
        var attributes = Attributes();
        switch (name)
        {
            case "State":
                var stateName = Required(attributes, "name", name);
                if (_states.Any(s => s.Name == stateName)) throw Fail($"state '{stateName}' is declared twice");
                var type = attributes.GetValueOrDefault("type") ?? "string";
                var value = NxmlStateValues.Parse(type, attributes.GetValueOrDefault("default"), out var problem)
                    ?? throw Fail($"state '{stateName}': {problem}");
                _states.Add(new NxmlState(stateName, value));
                break;
            case "Computed":
                _computed[Required(attributes, "name", name)] = Required(attributes, "value", name);
                break;
            default:
                throw Fail($"unknown element <{name}> in <Data> (expected State or Computed)");
        }
        NoChildren(name);
    }

    private void ReadLogicElement(string name)
    {
        switch (name)
        {
            case "Tool":
                ReadTool();
                break;
            case "Extension":
                _extensions.Add(Required(Attributes(), "name", name));
                NoChildren(name);
                break;
            case "Lifecycle":
                throw Fail("<Lifecycle> (mount/unmount handlers) is not supported by this kernel: use a <Tool> and trigger it");
            default:
                throw Fail($"unknown element <{name}> in <Logic> (expected Tool or Extension)");
        }
    }

    private void SkipView()
    {
        // The View belongs to the front end; it only has to be well-formed, which reading through it checks.
        if (reader.IsEmptyElement) return;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
        }
    }
}
