using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Nexus.Kernel.Tests.Nxml;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Compat;

/// <summary>
/// The original front end's client (GraphStudio's NexusClient), step by step as it speaks the wire: JSON content type
/// and a bearer token on every request, NXML in <c>{nxmlSource}</c>, trigger arguments as the whole body, failures
/// read from <c>error</c>, the socket on the HTTP port with <c>?token=</c>, PING without a request id.
/// </summary>
public class OriginalClientFlowTests
{
    private const string Counter = """
        <NexusPanel id="tally" title="Tally">
          <Data>
            <State name="count" type="number" default="0" />
            <State name="log" type="list" />
          </Data>
          <Logic>
            <Tool name="add" description="Adds by to the count">
              <Arg name="by" type="number" />
              <Handler>
                const by = $args.by ?? 1;
                if (by < 0 && !$args.allowNegative) throw new Error('negative step');
                $state.count = $state.count + by;
                $state.log.push(by);
                $emit('added', { by, count: $state.count });
                return { count: $state.count };
              </Handler>
            </Tool>
          </Logic>
          <View><Layout><Text content="{$state.count}" /></Layout></View>
        </NexusPanel>
        """;

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(json ?? "", Encoding.UTF8, "application/json");
        if (json is null && method == HttpMethod.Get) request.Content = null;
        return request;
    }

    private static string Stringify(object value) => value switch
    {
        string nxml => "{\"nxmlSource\":" + JsonSerializer.Serialize(nxml, Nexus.Kernel.Json.KernelJsonContext.Default.String) + "}",
        _ => throw new ArgumentException("unsupported"),
    };

    [Test]
    public async Task The_whole_flow_of_the_original_client_works_unchanged()
    {
        await using var kernel = await TestKernel.StartAsync();
        var token = kernel.Token("studio");
        using var http = new HttpClient { BaseAddress = kernel.Http.BaseAddress };

        // createPanelFromNXML(nxmlSource) — initialState undefined, so JSON.stringify leaves it out.
        using var created = await http.SendAsync(Request(HttpMethod.Post, "/panels/from-nxml", token, Stringify(Counter)));
        var panel = await created.JsonAsync(HttpStatusCode.Created);
        var id = panel.GetProperty("id").GetString()!;
        await Assert.That(id).IsEqualTo("tally");
        await Assert.That(panel.GetProperty("wsUrl").GetString()).EndsWith("/panels/tally/ws");

        // getPanelInfo, getPanelState
        var info = await (await http.SendAsync(Request(HttpMethod.Get, $"/panels/{id}", token))).JsonAsync();
        await Assert.That(info.GetProperty("kind").GetString()).IsEqualTo("NexusPanel");
        var state = await (await http.SendAsync(Request(HttpMethod.Get, $"/panels/{id}/state", token))).JsonAsync();
        // Members in any order: the state is a map, and its order is the store's, not the document's.
        await Assert.That(state.EnumerateObject().Count()).IsEqualTo(2);
        await Assert.That(state.GetProperty("count").GetInt32()).IsEqualTo(0);
        await Assert.That(state.GetProperty("log").GetArrayLength()).IsEqualTo(0);

        // connectToPanel(panelId, token): the base URL's host (the HTTP port), token in the query.
        await using var socket = await WsClient.ConnectAsync(kernel.HttpPort, id, token, tokenInQuery: true);
        var (connected, _) = await socket.ReceiveUntilAsync("CONNECTED");
        await Assert.That(connected.GetProperty("state").GetProperty("count").GetInt32()).IsEqualTo(0);
        await socket.SendAsync("""{"type":"SUBSCRIBE","topics":["state","events"]}""");
        await socket.SendAsync("""{"type":"PING"}""");
        await socket.ReceiveUntilAsync("PONG");

        // triggerTool(panelId, 'add', {by: 2}): the arguments are the whole body.
        var httpResult = await (await http.SendAsync(Request(HttpMethod.Post, $"/panels/{id}/trigger/add", token, """{"by":2}"""))).JsonAsync();
        await Assert.That(httpResult.GetProperty("returnValue").GetRawText()).IsEqualTo("""{"count":2}""");
        var (patch, _) = await socket.ReceiveUntilAsync("PATCH");
        await Assert.That(patch.GetProperty("mutations").GetRawText()).Contains("\"count\"");
        var (added, _) = await socket.ReceiveUntilAsync("EVENT");
        await Assert.That(added.GetProperty("event").GetProperty("payload").GetRawText()).IsEqualTo("""{"by":2,"count":2}""");

        // triggerTool(panelId, 'add') with no arguments: JSON.stringify(args || {}).
        var noArgs = await (await http.SendAsync(Request(HttpMethod.Post, $"/panels/{id}/trigger/add", token, "{}"))).JsonAsync();
        await Assert.That(noArgs.GetProperty("returnValue").GetRawText()).IsEqualTo("""{"count":3}""");

        // triggerToolWS(panelId, 'add', {by: 4}, 'req-1'): PATCH and EVENT, then RESULT with the request id.
        await socket.SendAsync("""{"type":"TRIGGER","tool":"add","args":{"by":4},"requestId":"req-1"}""");
        var (result, before) = await socket.ReceiveUntilAsync("RESULT");
        await Assert.That(result.GetProperty("requestId").GetString()).IsEqualTo("req-1");
        await Assert.That(result.GetProperty("result").GetProperty("returnValue").GetRawText()).IsEqualTo("""{"count":7}""");
        var seen = before.Select(m => m.GetProperty("type").GetString()).ToList();
        await Assert.That(seen).Contains("PATCH").And.Contains("EVENT");

        // A failure, read the way the client reads it: error.error.
        using var failed = await http.SendAsync(Request(HttpMethod.Post, $"/panels/{id}/trigger/subtract", token, """{"by":1}"""));
        await Assert.That(failed.IsSuccessStatusCode).IsFalse();
        var error = JsonDocument.Parse(await failed.Content.ReadAsStringAsync()).RootElement;
        await Assert.That(error.GetProperty("error").GetString()).IsEqualTo("panel 'tally' has no tool 'subtract'");
        using var badNxml = await http.SendAsync(Request(HttpMethod.Post, "/panels/from-nxml", token, Stringify("<NexusPanel>\n<Data>")));
        var nxmlError = JsonDocument.Parse(await badNxml.Content.ReadAsStringAsync()).RootElement;
        await Assert.That(nxmlError.GetProperty("error").GetString()).Contains("line 2");

        // A handler error is a result, not an HTTP failure, as in the original.
        var thrown = await (await http.SendAsync(Request(HttpMethod.Post, $"/panels/{id}/trigger/add", token, """{"by":-1}"""))).JsonAsync();
        await Assert.That(thrown.GetProperty("status").GetString()).IsEqualTo("error");
        await Assert.That(thrown.GetProperty("error").GetProperty("message").GetString()).Contains("negative step");

        // deletePanel(panelId): 204, and the socket is closed cleanly.
        using var deleted = await http.SendAsync(Request(HttpMethod.Delete, $"/panels/{id}", token));
        await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await Assert.That(await socket.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.NormalClosure);
        using var gone = await http.SendAsync(Request(HttpMethod.Get, $"/panels/{id}", token));
        await Assert.That(gone.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }
}
