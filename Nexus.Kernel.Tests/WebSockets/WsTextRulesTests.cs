using System.Net.WebSockets;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HostileJson;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// WebSocket text is held to the client rules: a text frame that is not UTF-8 fails the connection with 1007
/// (RFC 6455 §8.1); well-formed JSON that escapes a lone surrogate, repeats a member or nests over 64 levels gets
/// ERROR INVALID_REQUEST, runs nothing, and the connection stays.
/// </summary>
public class WsTextRulesTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync();
        using var owner = _kernel.ClientFor("text");
        using var created = await owner.PostAsync("/panels", JsonContent("""
            {"id":"wt","kind":"k","tools":[{"name":"keep","handler":"$state.last = $args; return 1;"},{"name":"look","handler":"return Array.isArray($args);"}]}
            """));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static async Task<WsClient> ConnectAsync()
    {
        var client = await WsClient.ConnectAsync(_kernel.WsPort, "wt", _kernel.Token("text"));
        await client.ReceiveUntilAsync("CONNECTED");
        return client;
    }

    private static async Task AssertNothingStoredAsync()
    {
        using var owner = _kernel.ClientFor("text");
        var state = await (await owner.GetAsync("/panels/wt/state")).JsonAsync();
        await Assert.That(state.TryGetProperty("last", out _)).IsFalse();
    }

    [Test]
    public async Task Invalid_utf8_in_a_text_frame_closes_1007()
    {
        await using var client = await ConnectAsync();
        byte[] frame = [.. "{\"type\":\"TRIGGER\",\"tool\":\"keep\",\"args\":{\"v\":\""u8, 0xC3, 0x28, .. "\"}}"u8];
        await client.Socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);

        await Assert.That(await client.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.InvalidPayloadData);
        await AssertNothingStoredAsync();
    }

    [Test]
    [Arguments("""{"type":"TRIGGER","tool":"keep","args":{"v":"\udc00"}}""", "a lone surrogate at args.v")]
    [Arguments("""{"type":"TRIGGER","tool":"keep","args":{"v":"ok\ud800"}}""", "a lone surrogate at args.v")]
    [Arguments("""{"type":"TRIGGER","tool":"keep","args":{"k":1,"k":2}}""", "duplicate member 'k' at args")]
    [Arguments("""{"type":"TRIGGER","type":"PING","tool":"keep"}""", "duplicate member 'type' at $")]
    public async Task Well_formed_text_breaking_a_rule_is_ERROR_INVALID_REQUEST_and_the_socket_stays(string message, string detail)
    {
        await using var client = await ConnectAsync();
        await client.SendAsync(message);
        var error = (await client.ReceiveAsync())!.Value;
        await Assert.That(error.GetProperty("type").GetString()).IsEqualTo("ERROR");
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("INVALID_REQUEST");
        await Assert.That(error.GetProperty("message").GetString()).Contains(detail);

        await client.SendAsync("""{"type":"PING","requestId":"still"}""");
        var (pong, _) = await client.ReceiveUntilAsync("PONG");
        await Assert.That(pong.GetProperty("requestId").GetString()).IsEqualTo("still");
        await AssertNothingStoredAsync();
    }

    [Test]
    public async Task Args_nest_64_levels_and_no_more()
    {
        await using var client = await ConnectAsync();
        await client.SendAsync("""{"type":"TRIGGER","tool":"look","requestId":"cap","args":""" + Nested(64) + "}");
        var (result, _) = await client.ReceiveUntilAsync("RESULT");
        await Assert.That(result.GetProperty("result").GetProperty("returnValue").GetBoolean()).IsTrue().Because(result.ToString());

        await client.SendAsync("""{"type":"TRIGGER","tool":"look","requestId":"over","args":""" + Nested(65) + "}");
        var error = (await client.ReceiveAsync())!.Value;
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("INVALID_REQUEST");
        await Assert.That(error.GetProperty("message").GetString()).StartsWith("nested deeper than 64 levels at args");
    }
}
