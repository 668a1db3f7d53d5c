using System.Text;
using Nexus.Kernel.Json;
using static Nexus.Kernel.Tests.Support.HostileJson;

namespace Nexus.Kernel.Tests.Json;

/// <summary>The rule checker on its own: what passes, what is refused, and the path it names.</summary>
public class ClientJsonTests
{
    private static string? Check(string json, int maxDepth = ClientJson.MaxDepth) => ClientJson.Check(Encoding.UTF8.GetBytes(json), maxDepth);

    [Test]
    [Arguments("""{"a":"\\ud800"}""")] // an escaped backslash, then the letters "ud800"
    [Arguments("""{"a":"\ud83d\ude00","b":"\u00e9\n"}""")]
    [Arguments("""{"a":1,"A":2,"a ":3}""")]
    [Arguments("""[{"a":1},{"a":1}]""")] // the same name in two objects
    [Arguments("""{"n":1e309,"m":-0,"k":123456789012345678901234567890}""")]
    [Arguments("""{"a": {"b": not json""")] // malformed JSON is the deserializer's to report, with its position
    public async Task Keeps_the_rules(string json) => await Assert.That(Check(json)).IsNull();

    [Test]
    [Arguments("""{"a":1,"\u0061":2}""", "duplicate member 'a' at $")]
    [Arguments("""{"o":[0,{"x":[1,{"k":1,"k":1}]}]}""", "duplicate member 'k' at o[1].x[1]")]
    [Arguments("""{"o":[0,"\udfff"]}""", "a lone surrogate at o[1]")]
    [Arguments("""{"o":"\ud800"}""", "a lone surrogate at o")]
    [Arguments("""{"o":"\ud800\ud800"}""", "a lone surrogate at o")]
    [Arguments("""{"\ud800":1}""", "a lone surrogate in a member name at $")]
    public async Task Names_the_breach_and_its_path(string json, string expected) => await Assert.That(Check(json)).IsEqualTo(expected);

    [Test]
    public async Task Depth_counts_from_the_root_exactly_at_the_cap()
    {
        await Assert.That(Check(Nested(64))).IsNull();
        await Assert.That(Check(Nested(65))).StartsWith("nested deeper than 64 levels at [0][0]");
        await Assert.That(Check("""{"v":""" + Nested(64) + "}", ClientJson.MaxDepth + 1)).IsNull();
        await Assert.That(Check("""{"v":""" + Nested(65) + "}", ClientJson.MaxDepth + 1)).StartsWith("nested deeper than 64 levels at v[0]");
    }

    [Test]
    public async Task Invalid_utf8_is_placed_by_path_and_byte()
    {
        byte[] body = [.. """{"a":{"b":["x","""u8, 0x22, 0xFF, 0x22, .. "]}}"u8];
        await Assert.That(ClientJson.Check(body, ClientJson.MaxDepth)).IsEqualTo("invalid UTF-8 at a.b[1] (byte 17)");
    }
}
