using System.Net.Http.Json;
using System.Net;
using Nexus.Kernel.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

public class PanelsApiTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start() => _kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
    {
        ["MAX_TOOLS"] = "3",
        ["MAX_HANDLER_BYTES"] = "200",
        ["MAX_STATE_BYTES"] = "100",
        ["BODY_LIMIT"] = "4kb",
    });

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..8];

    [Test]
    public async Task Create_then_get_list_state_and_delete()
    {
        using var client = _kernel.ClientFor("creator");
        var id = Unique("p");
        using var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"{{{id}}}","kind":"counter","title":"T","tools":[{"name":"inc","handler":"return 1"}],"initialState":{"count":1}}
            """));
        var body = await created.JsonAsync(HttpStatusCode.Created);
        await Assert.That(body.GetProperty("id").GetString()).IsEqualTo(id);
        await Assert.That(body.GetProperty("status").GetString()).IsEqualTo("running");
        await Assert.That(body.GetProperty("wsUrl").GetString()).IsEqualTo($"ws://127.0.0.1:{_kernel.HttpPort}/panels/{id}/ws");
        await Assert.That(created.Headers.Location!.ToString()).IsEqualTo($"/panels/{id}");

        var info = await (await client.GetAsync($"/panels/{id}")).JsonAsync();
        await Assert.That(info.GetProperty("kind").GetString()).IsEqualTo("counter");
        await Assert.That(info.GetProperty("version").GetInt64()).IsEqualTo(0);
        await Assert.That(info.GetProperty("tools")[0].GetString()).IsEqualTo("inc");
        await Assert.That(info.GetProperty("state").GetProperty("count").GetInt32()).IsEqualTo(1);
        await Assert.That(info.GetProperty("createdAt").GetString()!).EndsWith("+00:00");

        var state = await (await client.GetAsync($"/panels/{id}/state")).JsonAsync();
        await Assert.That(state.GetProperty("count").GetInt32()).IsEqualTo(1);

        var list = await (await client.GetAsync("/panels")).JsonAsync();
        await Assert.That(list.GetProperty("total").GetInt32()).IsEqualTo(1);
        await Assert.That(list.GetProperty("panels")[0].TryGetProperty("state", out _)).IsFalse();

        using var deleted = await client.DeleteAsync($"/panels/{id}");
        await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await (await client.GetAsync($"/panels/{id}")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        await (await client.DeleteAsync($"/panels/{id}")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
    }

    [Test]
    public async Task Generated_ids_look_like_panel_and_8_hex()
    {
        using var client = _kernel.ClientFor(Unique("gen"));
        var body = await (await client.PostAsync("/panels", JsonContent("""{"kind":"k","tools":[]}"""))).JsonAsync(HttpStatusCode.Created);
        await Assert.That(body.GetProperty("id").GetString()!).Matches("^panel_[0-9a-f]{8}$");
    }

    [Test]
    public async Task A_duplicate_id_is_409()
    {
        using var client = _kernel.ClientFor(Unique("dup"));
        var id = Unique("d");
        using var first = await client.PostAsync("/panels", JsonContent($$$"""{"id":"{{{id}}}","kind":"k","tools":[]}"""));
        await Assert.That(first.StatusCode).IsEqualTo(HttpStatusCode.Created);
        await (await client.PostAsync("/panels", JsonContent($$$"""{"id":"{{{id}}}","kind":"k","tools":[]}"""))).ProblemAsync(HttpStatusCode.Conflict, "PANEL_EXISTS");
    }

    [Test]
    public async Task Another_subjects_panel_is_404_but_an_admin_sees_it()
    {
        var id = Unique("own");
        using var owner = _kernel.ClientFor("owner-" + id);
        using var stranger = _kernel.ClientFor("stranger-" + id);
        using var admin = _kernel.ClientFor("root", "panels:admin");
        using var _ = await owner.PostAsync("/panels", JsonContent($$$"""{"id":"{{{id}}}","kind":"k","tools":[]}"""));

        await (await stranger.GetAsync($"/panels/{id}")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        await (await stranger.GetAsync($"/panels/{id}/state")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        await (await stranger.DeleteAsync($"/panels/{id}")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        await (await stranger.PostAsync($"/panels/{id}/trigger/x", null)).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        var strangerList = await (await stranger.GetAsync("/panels")).JsonAsync();
        await Assert.That(strangerList.GetProperty("total").GetInt32()).IsEqualTo(0);

        var seen = await (await admin.GetAsync($"/panels/{id}")).JsonAsync();
        await Assert.That(seen.GetProperty("id").GetString()).IsEqualTo(id);
        using var deleted = await admin.DeleteAsync($"/panels/{id}");
        await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
    }

    [Test]
    [Arguments("""{"kind":"k","tools":[],""", "malformed JSON")]
    [Arguments("""{"kind":5,"tools":[]}""", "wrong type")]
    [Arguments("""[]""", "wrong type")]
    [Arguments("""{"tools":[]}""", "kind is required")]
    [Arguments("""{"kind":"k"}""", "tools is required")]
    [Arguments("""{"id":"bad id!","kind":"k","tools":[]}""", "id must match")]
    [Arguments("""{"kind":"k","tools":[{"name":"a"}]}""", "exactly one of handler")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x","module":"AA=="}]}""", "exactly one of handler")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","module":"%%%"}]}""", "base64")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x"},{"name":"a","handler":"y"}]}""", "used twice")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x"},{"name":"b","handler":"x"},{"name":"c","handler":"x"},{"name":"d","handler":"x"}]}""", "MAX_TOOLS")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x","trigger":{"type":"interval","ms":50}}]}""", ">= 100")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x","trigger":{"type":"cron","expression":"* * *"}}]}""", "5 fields")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x","trigger":{"type":"cron","expression":"61 * * * *"}}]}""", "expression")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x","trigger":{"type":"event"}}]}""", "pattern is required")]
    [Arguments("""{"kind":"k","tools":[{"name":"a","handler":"x","trigger":{"type":"sometimes"}}]}""", "type must be")]
    [Arguments("""{"kind":"k","tools":[],"capabilities":["state:read"]}""", "state:read")]
    [Arguments("""{"kind":"k","tools":[],"capabilities":["fs:read:*"]}""", "expected state")]
    [Arguments("""{"kind":"k","tools":[],"initialState":[1,2]}""", "initialState must be a JSON object")]
    [Arguments("""{"kind":"k","tools":[],"scope":"x"}""", "scope must be a JSON object")]
    public async Task An_invalid_create_request_is_400_saying_why(string json, string why)
    {
        using var client = _kernel.ClientFor(Unique("bad"));
        var problem = await (await client.PostAsync("/panels", JsonContent(json))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains(why);
    }

    [Test]
    public async Task Granting_ext_needs_the_panels_ext_scope()
    {
        const string Json1 = """{"kind":"k","tools":[{"name":"a","handler":"x","capabilities":["ext:http"]}]}""";
        using var plain = _kernel.ClientFor(Unique("noext"));
        var problem = await (await plain.PostAsync("/panels", JsonContent(Json1))).ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await Assert.That(problem.GetProperty("detail").GetString()!).Contains("panels:ext");

        using var ext = _kernel.ClientFor(Unique("ext"), "panels:write panels:ext");
        using var created = await ext.PostAsync("/panels", JsonContent(Json1));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);
    }

    [Test]
    [Arguments("handler")]
    [Arguments("state")]
    [Arguments("body")]
    public async Task Oversized_parts_are_413(string what)
    {
        using var client = _kernel.ClientFor(Unique("big"));
        var json = what switch
        {
            "handler" => $$$"""{"kind":"k","tools":[{"name":"a","handler":"{{{new string('x', 201)}}}"}]}""",
            "state" => $$$"""{"kind":"k","tools":[],"initialState":{"blob":"{{{new string('x', 100)}}}"}}""",
            _ => $$$"""{"kind":"k","tools":[],"metadata":{"blob":"{{{new string('x', 5000)}}}"}}""",
        };
        await (await client.PostAsync("/panels", JsonContent(json))).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
        var list = await (await client.GetAsync("/panels")).JsonAsync();
        await Assert.That(list.GetProperty("total").GetInt32()).IsEqualTo(0);
    }

    [Test]
    public async Task A_chunked_body_over_the_limit_is_413()
    {
        using var client = _kernel.ClientFor(Unique("chunk"));
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $$$"""{"kind":"k","tools":[],"metadata":{"blob":"{{{new string('x', 5000)}}}"}}""")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/panels") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await (await client.SendAsync(request)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task Unknown_routes_and_methods_are_problems()
    {
        using var client = _kernel.ClientFor("any");
        await (await client.GetAsync("/nothing/here")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PutAsync("/panels", JsonContent("{}"))).ProblemAsync(HttpStatusCode.MethodNotAllowed, "INVALID_REQUEST");
    }

    [Test]
    public async Task Trigger_of_an_unknown_tool_is_404_tool_not_found()
    {
        using var client = _kernel.ClientFor(Unique("tool"));
        var id = Unique("t");
        using var _ = await client.PostAsync("/panels", JsonContent($$$"""{"id":"{{{id}}}","kind":"k","tools":[]}"""));
        await (await client.PostAsync($"/panels/{id}/trigger/missing", null)).ProblemAsync(HttpStatusCode.NotFound, "TOOL_NOT_FOUND");
        await (await client.PostAsync($"/panels/{id}/trigger/missing", JsonContent("""{"arg":1}"""))).ProblemAsync(HttpStatusCode.NotFound, "TOOL_NOT_FOUND");
        await (await client.PostAsync($"/panels/{id}/trigger/missing", JsonContent("""{"arg":"""))).ProblemAsync(HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }
}
