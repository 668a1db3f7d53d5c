using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HostileJson;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// What a client sends over HTTP is held to one set of rules (issue 15): ids and names as whole strings, no
/// duplicate members, well-formed Unicode, at most 64 levels per value. Each breach is a 400 naming what and
/// where, and nothing is stored.
/// </summary>
public class ClientJsonRulesTests
{
    private static TestKernel _kernel = null!;
    private static HttpClient _client = null!;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync();
        _client = _kernel.ClientFor("rules");
        using var created = await _client.PostAsync("/panels", Content("""
            {"id":"echo","kind":"k","tools":[{"name":"keep","handler":"$state.last = $args; return $args;"},{"name":"look","handler":"return Array.isArray($args);"}]}
            """));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);
    }

    [After(Class)]
    public static async Task Stop()
    {
        _client.Dispose();
        await _kernel.DisposeAsync();
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        return problem.GetProperty("detail").GetString()!;
    }

    private static async Task AssertNoPanelAsync(string id)
    {
        using var response = await _client.GetAsync($"/panels/{id}");
        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }

    private static async Task AssertEchoUntouchedAsync()
    {
        var state = await (await _client.GetAsync("/panels/echo/state")).JsonAsync();
        await Assert.That(state.TryGetProperty("last", out _)).IsFalse();
    }

    [Test]
    [Arguments("p1\\n")]
    [Arguments("p1\\r\\n")]
    [Arguments("\\np1")]
    public async Task An_id_with_a_newline_is_400_not_a_broken_location(string id)
    {
        using var response = await _client.PostAsync("/panels", Content($$"""{"id":"{{id}}","kind":"k","tools":[]}"""));
        await Assert.That(await RefusedAsync(response)).Contains("id must match");
        using var list = await _client.GetAsync("/panels");
        var ids = (await list.JsonAsync()).GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        await Assert.That(ids.Any(i => i.Contains('\n') || i.Contains('\r'))).IsFalse();
    }

    [Test]
    public async Task A_tool_name_with_a_trailing_newline_is_400()
    {
        using var response = await _client.PostAsync("/panels", Content("""{"id":"tn","kind":"k","tools":[{"name":"t\n","handler":"return 1"}]}"""));
        await Assert.That(await RefusedAsync(response)).Contains("tools[0].name");
        await AssertNoPanelAsync("tn");
    }

    [Test]
    public async Task A_duplicate_member_in_initialState_is_400_naming_it()
    {
        using var response = await _client.PostAsync("/panels", Content("""{"id":"dup","kind":"k","tools":[],"initialState":{"o":{"k":1,"k":2}}}"""));
        await Assert.That(await RefusedAsync(response)).Contains("duplicate member 'k' at initialState.o");
        await AssertNoPanelAsync("dup");
    }

    [Test]
    public async Task A_duplicate_member_of_the_body_itself_is_400()
    {
        using var response = await _client.PostAsync("/panels", Content("""{"id":"dup2","kind":"k","kind":"j","tools":[]}"""));
        await Assert.That(await RefusedAsync(response)).Contains("duplicate member 'kind' at $");
        await AssertNoPanelAsync("dup2");
    }

    [Test]
    public async Task A_duplicate_member_in_trigger_args_is_400_and_runs_nothing()
    {
        using var response = await _client.PostAsync("/panels/echo/trigger/keep", Content("""{"args":{"list":[{"a":1},{"a":1,"a":2}]}}"""));
        await Assert.That(await RefusedAsync(response)).Contains("duplicate member 'a' at args.list[1]");
        await AssertEchoUntouchedAsync();
    }

    [Test]
    public async Task Invalid_utf8_in_initialState_is_400_naming_where()
    {
        using var response = await _client.PostAsync("/panels", Content(Splice("""{"id":"u8","kind":"k","tools":[],"initialState":{"s":"ab""", [0xC3, 0x28], "\"}}")));
        await Assert.That(await RefusedAsync(response)).Contains("invalid UTF-8 at initialState.s");
        await AssertNoPanelAsync("u8");
    }

    [Test]
    public async Task Invalid_utf8_in_trigger_args_is_400_not_replaced()
    {
        using var response = await _client.PostAsync("/panels/echo/trigger/keep", Content(Splice("""{"args":{"s":"x""", [0xFF], "\"}}")));
        await Assert.That(await RefusedAsync(response)).Contains("invalid UTF-8 at args.s");
        await AssertEchoUntouchedAsync();
    }

    [Test]
    public async Task A_raw_surrogate_encoded_in_utf8_is_invalid_utf8()
    {
        // U+DC00 encoded as if it were a character (CESU-style): not UTF-8.
        using var response = await _client.PostAsync("/panels", Content(Splice("{\"id\":\"rs\",\"kind\":\"k\",\"tools\":[],\"initialState\":{\"v\":\"", [0xED, 0xB0, 0x80], "\"}}")));
        await Assert.That(await RefusedAsync(response)).Contains("invalid UTF-8 at initialState.v");
    }

    [Test]
    [Arguments("\\udc00", "initialState.v")]
    [Arguments("abc\\ud800", "initialState.v")]
    [Arguments("\\ud800\\u0041", "initialState.v")]
    [Arguments("\\ude00\\ud83d", "initialState.v")]
    public async Task An_escaped_lone_surrogate_is_400(string text, string where)
    {
        using var response = await _client.PostAsync("/panels", Content("{\"id\":\"ls\",\"kind\":\"k\",\"tools\":[],\"initialState\":{\"v\":\"" + text + "\"}}"));
        await Assert.That(await RefusedAsync(response)).Contains($"a lone surrogate at {where}");
        await AssertNoPanelAsync("ls");
    }

    [Test]
    public async Task A_lone_surrogate_in_a_member_name_is_400()
    {
        using var response = await _client.PostAsync("/panels/echo/trigger/keep", Content("""{"args":{"\udc00":1}}"""));
        await Assert.That(await RefusedAsync(response)).Contains("a lone surrogate in a member name at args");
        await AssertEchoUntouchedAsync();
    }

    [Test]
    public async Task An_escaped_surrogate_pair_is_text_and_reads_back()
    {
        using var created = await _client.PostAsync("/panels", Content("""{"id":"pair","kind":"k","tools":[],"initialState":{"v":"\ud83d\ude00"}}"""));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);
        var state = await (await _client.GetAsync("/panels/pair/state")).JsonAsync();
        await Assert.That(state.GetProperty("v").GetString()).IsEqualTo("\U0001F600");
    }

    [Test]
    public async Task InitialState_nesting_64_levels_is_accepted_and_every_view_of_it_reads()
    {
        // initialState is level 1; its member holds the other 63.
        using var created = await _client.PostAsync("/panels", Content("""{"id":"deep64","kind":"k","tools":[],"initialState":{"v":""" + Nested(63) + "}}"));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created).Because(await created.Content.ReadAsStringAsync());

        using var state = await _client.GetAsync("/panels/deep64/state");
        using var info = await _client.GetAsync("/panels/deep64");
        await Assert.That(state.StatusCode).IsEqualTo(HttpStatusCode.OK);
        await Assert.That(info.StatusCode).IsEqualTo(HttpStatusCode.OK).Because("PanelInfo holds the state one level further down");
        var options = new JsonDocumentOptions { MaxDepth = 128 };
        var fromInfo = JsonDocument.Parse(await info.Content.ReadAsStringAsync(), options).RootElement.GetProperty("state").GetProperty("v").GetRawText();
        await Assert.That(fromInfo).IsEqualTo(Nested(63));
    }

    [Test]
    public async Task InitialState_nesting_65_levels_is_400_naming_where()
    {
        using var response = await _client.PostAsync("/panels", Content("""{"id":"deep65","kind":"k","tools":[],"initialState":{"v":""" + Nested(64) + "}}"));
        var detail = await RefusedAsync(response);
        await Assert.That(detail).StartsWith("nested deeper than 64 levels at initialState.v[0]");
        await AssertNoPanelAsync("deep65");
    }

    [Test]
    public async Task Trigger_args_nest_64_levels_and_no_more()
    {
        using var atCap = await _client.PostAsync("/panels/echo/trigger/look", Content("""{"args":""" + Nested(64) + "}"));
        var result = await atCap.JsonAsync();
        await Assert.That(result.GetProperty("returnValue").GetBoolean()).IsTrue().Because(result.ToString());

        using var over = await _client.PostAsync("/panels/echo/trigger/look", Content("""{"args":""" + Nested(65) + "}"));
        await Assert.That(await RefusedAsync(over)).StartsWith("nested deeper than 64 levels at args");
    }

    [Test]
    [Arguments("{\"args\":1} {}")]
    [Arguments("{\"args\":1} x")]
    public async Task Content_after_the_body_value_is_400(string body)
    {
        using var response = await _client.PostAsync("/panels/echo/trigger/keep", Content(body));
        await Assert.That(await RefusedAsync(response)).Contains("malformed JSON");
        await AssertEchoUntouchedAsync();
    }
}
