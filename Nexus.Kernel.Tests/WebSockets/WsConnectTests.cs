using System.Net.WebSockets;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

public class WsConnectTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["WS_MAX_MESSAGE_BYTES"] = "1024", ["WS_RATE_LIMIT"] = "1", ["WS_RATE_BURST"] = "5" });
        using var owner = _kernel.ClientFor("ws-owner");
        using var created = await owner.PostAsync("/panels", JsonContent("""{"id":"wsp","kind":"k","tools":[],"initialState":{"n":7}}"""));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    [Test]
    public async Task Connected_comes_first_with_state_and_version_on_both_ports_and_by_query_token()
    {
        foreach (var (port, inQuery) in new[] { (_kernel.WsPort, false), (_kernel.HttpPort, false), (_kernel.WsPort, true) })
        {
            await using var client = await WsClient.ConnectAsync(port, "wsp", _kernel.Token("ws-owner"), inQuery);
            var connected = (await client.ReceiveAsync())!.Value;
            await Assert.That(connected.GetProperty("type").GetString()).IsEqualTo("CONNECTED");
            await Assert.That(connected.GetProperty("panelId").GetString()).IsEqualTo("wsp");
            await Assert.That(connected.GetProperty("clientId").GetString()).IsNotNull();
            await Assert.That(connected.GetProperty("version").GetInt64()).IsEqualTo(0);
            await Assert.That(connected.GetProperty("state").GetProperty("n").GetInt32()).IsEqualTo(7);
        }
    }

    [Test]
    public async Task Refusals_are_http_statuses_before_the_handshake()
    {
        await Assert.That(await WsClient.RefusalStatusAsync(_kernel.WsPort, "wsp", null)).IsEqualTo(401);
        await Assert.That(await WsClient.RefusalStatusAsync(_kernel.WsPort, "wsp", "garbage", tokenInQuery: true)).IsEqualTo(401);
        await Assert.That(await WsClient.RefusalStatusAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner", "panels:execute"))).IsEqualTo(403);
        await Assert.That(await WsClient.RefusalStatusAsync(_kernel.WsPort, "wsp", _kernel.Token("someone-else"))).IsEqualTo(404);
        await Assert.That(await WsClient.RefusalStatusAsync(_kernel.WsPort, "nope", _kernel.Token("ws-owner"))).IsEqualTo(404);
    }

    [Test]
    public async Task Ping_gets_pong_with_its_request_id()
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner"));
        await client.ReceiveAsync();
        await client.SendAsync("""{"type":"PING","requestId":"r-1"}""");
        var pong = (await client.ReceiveAsync())!.Value;
        await Assert.That(pong.GetProperty("type").GetString()).IsEqualTo("PONG");
        await Assert.That(pong.GetProperty("requestId").GetString()).IsEqualTo("r-1");
    }

    [Test]
    [Arguments("{not json", "PARSE_ERROR")]
    [Arguments("[1,2]", "INVALID_MESSAGE")]
    [Arguments("""{"requestId":1}""", "UNKNOWN_MESSAGE")]
    [Arguments("""{"type":"DANCE","requestId":1}""", "UNKNOWN_MESSAGE")]
    [Arguments("""{"type":"TRIGGER","requestId":1}""", "INVALID_MESSAGE")]
    [Arguments("""{"type":"SUBSCRIBE","topics":["weather"],"requestId":1}""", "INVALID_MESSAGE")]
    [Arguments("""{"type":"TRIGGER","tool":"missing","requestId":1}""", "TOOL_NOT_FOUND")]
    public async Task A_bad_message_gets_an_error_and_the_connection_stays(string json, string code)
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner"));
        await client.ReceiveAsync();
        await client.SendAsync(json);
        var error = (await client.ReceiveAsync())!.Value;
        await Assert.That(error.GetProperty("type").GetString()).IsEqualTo("ERROR");
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo(code);
        if (json.Contains("requestId", StringComparison.Ordinal)) await Assert.That(error.GetProperty("requestId").GetInt32()).IsEqualTo(1);

        await client.SendAsync("""{"type":"PING"}""");
        await Assert.That((await client.ReceiveAsync())!.Value.GetProperty("type").GetString()).IsEqualTo("PONG");
    }

    [Test]
    public async Task A_binary_frame_is_invalid_message_and_the_connection_stays()
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner"));
        await client.ReceiveAsync();
        await client.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var error = (await client.ReceiveAsync())!.Value;
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("INVALID_MESSAGE");
        await client.SendAsync("""{"type":"PING"}""");
        await Assert.That((await client.ReceiveAsync())!.Value.GetProperty("type").GetString()).IsEqualTo("PONG");
    }

    [Test]
    public async Task A_trigger_without_the_execute_scope_is_forbidden()
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner", "panels:read"));
        await client.ReceiveAsync();
        await client.SendAsync("""{"type":"TRIGGER","tool":"anything","requestId":"x"}""");
        var error = (await client.ReceiveAsync())!.Value;
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("FORBIDDEN");
        await Assert.That(_kernel.Log.All).Contains("audit: denied TRIGGER on panel wsp");
    }

    [Test]
    public async Task A_message_over_the_limit_in_many_frames_closes_1009()
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner"));
        await client.ReceiveAsync();
        var chunk = new byte[400];
        Array.Fill(chunk, (byte)' ');
        for (var i = 0; i < 3; i++) await client.Socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await Assert.That(await client.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.MessageTooBig);
    }

    [Test]
    public async Task Messages_beyond_the_burst_are_rate_limited_not_executed()
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner"));
        await client.ReceiveAsync();
        for (var i = 0; i < 8; i++) await client.SendAsync($$"""{"type":"PING","requestId":{{i}}}""");
        var replies = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 8; i++) replies.Add((await client.ReceiveAsync())!.Value);
        var types = replies.Select(r => r.GetProperty("type").GetString()).ToList();
        var errors = replies.Where(r => r.GetProperty("type").GetString() == "ERROR").ToList();

        // The burst (5) passes whole; a token may refill (1/s) on a slow machine, so later ones are PONG or refused.
        await Assert.That(string.Join(",", types.Take(5))).IsEqualTo("PONG,PONG,PONG,PONG,PONG");
        await Assert.That(types.All(t => t is "PONG" or "ERROR")).IsTrue();
        await Assert.That(errors.Count).IsGreaterThanOrEqualTo(1);
        foreach (var error in errors)
        {
            await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("RATE_LIMITED");
        }
    }

    [Test]
    public async Task A_message_of_exactly_ws_max_message_bytes_is_read_and_one_byte_more_closes_1009()
    {
        await using var client = await WsClient.ConnectAsync(_kernel.WsPort, "wsp", _kernel.Token("ws-owner"));
        await client.ReceiveAsync();
        const string Ping = """{"type":"PING","requestId":"edge"}""";

        await client.SendAsync(Ping + new string(' ', 1024 - Ping.Length));
        var pong = (await client.ReceiveAsync())!.Value;
        await Assert.That(pong.GetProperty("type").GetString()).IsEqualTo("PONG");
        await Assert.That(pong.GetProperty("requestId").GetString()).IsEqualTo("edge");

        await client.SendAsync(Ping + new string(' ', 1025 - Ping.Length));
        await Assert.That(await client.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.MessageTooBig);
    }

    [Test]
    public async Task A_plain_get_on_the_socket_route_is_400()
    {
        using var response = await _kernel.ClientFor("ws-owner").GetAsync("/panels/wsp/ws");
        await response.ProblemAsync(System.Net.HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }
}
