using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// One expiry rule for the upgrade and the open socket: a token counts until exp plus the 30 s skew, in both places,
/// so a client that reconnects with the token that just expired is refused instead of looping CONNECTED → 1008.
/// </summary>
public class WsTokenExpiryTests
{
    [Test]
    public async Task A_socket_lives_until_exp_plus_the_skew_closes_1008_then_and_the_reconnect_right_after_is_refused()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var kernel = await TestKernel.StartAsync(overrides: new KernelOverrides(Time: time));
        using (var created = await kernel.ClientFor("life").PostAsync("/panels", JsonContent("""{"id":"short","kind":"k","tools":[]}""")))
        {
            await Assert.That((int)created.StatusCode).IsEqualTo(201);
        }
        var token = kernel.Token("life", ttl: TimeSpan.FromSeconds(60));
        await using var client = await WsClient.ConnectAsync(kernel.WsPort, "short", token);
        await client.ReceiveUntilAsync("CONNECTED");
        // CONNECTED can arrive before the server has armed the socket's expiry timer; a PONG cannot (the receive loop
        // starts after it). Advancing the clock in between would arm it against an instant the clock passes through
        // while it fires other timers, later than exp plus the skew.
        await client.SendAsync("""{"type":"PING","requestId":"armed"}""");
        await client.ReceiveUntilAsync("PONG");

        // Past exp, inside the skew: the socket is still served, exactly as an upgrade would still be accepted.
        time.Advance(TimeSpan.FromSeconds(60 + 29));
        await client.SendAsync("""{"type":"PING","requestId":"alive"}""");
        var (pong, _) = await client.ReceiveUntilAsync("PONG");
        await Assert.That(pong.GetProperty("requestId").GetString()).IsEqualTo("alive");
        await using (var sameToken = await WsClient.ConnectAsync(kernel.WsPort, "short", token))
        {
            await sameToken.ReceiveUntilAsync("CONNECTED");
        }

        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.That(await client.ReceiveCloseAsync(TimeSpan.FromSeconds(60))).IsEqualTo(WebSocketCloseStatus.PolicyViolation);
        await Assert.That(client.Socket.CloseStatusDescription).IsEqualTo("Token expired");
        await Assert.That(await WsClient.RefusalStatusAsync(kernel.WsPort, "short", token)).IsEqualTo(401);
        await Assert.That(await WsClient.RefusalStatusAsync(kernel.WsPort, "short", token, tokenInQuery: true)).IsEqualTo(401);
    }
}
