using System.Text.Json;
using Nexus.Kernel.Nxml;

namespace Nexus.Kernel.Tests.Nxml;

public class NxmlParserTests
{
    [Test]
    public async Task The_thermostat_maps_its_metadata_states_and_tools()
    {
        var panel = NxmlParser.Parse(NxmlDocuments.Thermostat);

        await Assert.That(panel.Id).IsEqualTo("thermostat");
        await Assert.That(panel.Title).IsEqualTo("Greenhouse thermostat");
        await Assert.That(panel.Meta["version"]).IsEqualTo("1.2");
        await Assert.That(panel.Meta["tags"]).IsEqualTo("climate, demo");
        var states = panel.States.ToDictionary(s => s.Name, s => s.Default.GetRawText());
        await Assert.That(states["target"]).IsEqualTo("21.5");
        await Assert.That(states["heating"]).IsEqualTo("false");
        await Assert.That(states["mode"]).IsEqualTo("\"auto\"");
        await Assert.That(states["history"]).IsEqualTo("[18, 19]");
        await Assert.That(states["zones"]).IsEqualTo("[\"north\",\"south\"]");
        await Assert.That(JsonDocument.Parse(states["limits"]).RootElement.GetProperty("max").GetInt32()).IsEqualTo(30);
        await Assert.That(panel.Computed["label"]).IsEqualTo("$state.target + '°C'");
        await Assert.That(panel.Extensions).IsEquivalentTo(["nexus.http"]);

        await Assert.That(panel.Tools.Select(t => t.Name)).IsEquivalentTo(["set_target", "read_only"]);
        var setTarget = panel.Tools[0];
        await Assert.That(setTarget.Description).IsEqualTo("Sets the target temperature");
        await Assert.That(setTarget.Handler).StartsWith("const t = $args.celsius;");
        await Assert.That(setTarget.Handler).Contains("if (t < $state.limits.min");
        await Assert.That(setTarget.Handler).Contains("&& $state.mode");
        await Assert.That(setTarget.HandlerLine).IsEqualTo(17);
        await Assert.That(setTarget.Capabilities).IsNull();
        await Assert.That(panel.Tools[1].Capabilities).IsEquivalentTo(["state:read:target"]);
    }

    [Test]
    public async Task Well_formed_handlers_keep_their_decoded_text_and_defaults_are_empty_values()
    {
        var panel = NxmlParser.Parse(NxmlDocuments.ReadingList);

        await Assert.That(panel.Id).IsNull();
        await Assert.That(panel.States.Select(s => s.Default.GetRawText())).IsEquivalentTo(["[]", "0"]);
        await Assert.That(panel.Tools[0].Handler).StartsWith("if ($args.title && $args.title.length > 0)");
        await Assert.That(panel.Tools[1].Handler).IsEqualTo("if (1 < 2) throw new Error(\"always\");");
    }

    [Test]
    [Arguments("<NexusPanel><Data>", 1, "not well-formed")]
    [Arguments("<NexusPanel>\n  <Data>\n  </Logic>\n</NexusPanel>", 3, "not well-formed")]
    [Arguments("<Panel><Data/></Panel>", 1, "root element must be <NexusPanel>")]
    [Arguments("<NexusPanel>\n<Styles/>\n</NexusPanel>", 2, "unknown section <Styles>")]
    [Arguments("<NexusPanel><Data>\n<Variable name=\"x\"/></Data></NexusPanel>", 2, "unknown element <Variable> in <Data>")]
    [Arguments("<NexusPanel><Logic>\n\n<Tool name=\"t\"><Handler>return 1</Handler><Script/></Tool></Logic></NexusPanel>", 3, "unknown element <Script> in <Tool>")]
    [Arguments("<NexusPanel><Logic><Tool name=\"t\">\n<Arg name=\"a\"/></Tool></Logic></NexusPanel>", 1, "tool 't' has no <Handler>")]
    [Arguments("<NexusPanel><Logic>\n<Lifecycle on=\"mount\"><Handler>x</Handler></Lifecycle></Logic></NexusPanel>", 2, "<Lifecycle>")]
    [Arguments("<NexusPanel><Data>\n<State name=\"n\" type=\"number\" default=\"ten\"/></Data></NexusPanel>", 2, "'ten' is not a number")]
    [Arguments("<NexusPanel><Data>\n<State name=\"n\" type=\"date\"/></Data></NexusPanel>", 2, "type 'date'")]
    [Arguments("<NexusPanel><Data><State type=\"number\"/></Data></NexusPanel>", 1, "needs a name attribute")]
    [Arguments("<NexusPanel><Data/><Data/></NexusPanel>", 1, "a second <Data>")]
    [Arguments("<NexusPanel>hello<Data/></NexusPanel>", 1, "text is not allowed")]
    [Arguments("<NexusPanel/>", 1, "cannot be empty")]
    [Arguments("", 1, "not well-formed")]
    [Arguments("<NexusPanel></NexusPanel><NexusPanel></NexusPanel>", 1, "not well-formed")]
    public async Task Malformed_or_unknown_structure_is_refused_with_its_line(string source, int line, string message)
    {
        var error = Assert.Throws<NxmlException>(() => NxmlParser.Parse(source));
        await Assert.That(error.Message).Contains(message);
        await Assert.That(error.Line).IsEqualTo(line);
        await Assert.That(error.Position).IsGreaterThanOrEqualTo(1);
    }

    [Test]
    public async Task Entity_expansion_and_external_entities_are_refused_before_anything_expands()
    {
        const string Laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE NexusPanel [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <NexusPanel title="&c;"><Data/></NexusPanel>
            """;
        const string External = """
            <?xml version="1.0"?>
            <!DOCTYPE NexusPanel [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <NexusPanel title="&secret;"><Data/></NexusPanel>
            """;

        foreach (var source in new[] { Laughs, External })
        {
            var error = Assert.Throws<NxmlException>(() => NxmlParser.Parse(source));
            await Assert.That(error.Message).Contains("not well-formed XML");
            await Assert.That(error.Line).IsEqualTo(2).Because(error.Message + " at " + error.Position);
        }
    }

    [Test]
    public async Task The_size_cap_is_exact()
    {
        const string Head = "<NexusPanel><Data/><!--";
        const string Tail = "--></NexusPanel>";
        var atCap = Head + new string('x', NxmlParser.MaxCharacters - Head.Length - Tail.Length) + Tail;
        await Assert.That(atCap.Length).IsEqualTo(NxmlParser.MaxCharacters);
        await Assert.That(NxmlParser.Parse(atCap).Tools).IsEmpty();

        var overCap = Head + "x" + atCap[Head.Length..];
        var error = Assert.Throws<NxmlException>(() => NxmlParser.Parse(overCap));
        await Assert.That(error.Message).Contains($"at most {NxmlParser.MaxCharacters}");
        await Assert.That(error.Position).IsEqualTo(NxmlParser.MaxCharacters + 1);
    }
}
