using System.Net.WebSockets;
using System.Text;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

public class WsFuzzTests
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"type\"", ":", ",", "\"TRIGGER\"", "\"PING\"", "\"SUBSCRIBE\"", "\"topics\"", "\"tool\"", "null",
        "1e309", "-0", "\"\\u0000\"", "\"\\ud800\"", "true", "\"requestId\"", "{\"type\":{}}", "\"args\"", "9999999999999999999999",
    ];

    [Test]
    public async Task Random_frames_and_json_leave_the_server_answering_correctly()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["WS_RATE_LIMIT"] = "100000", ["WS_RATE_BURST"] = "100000" });
        using (var owner = kernel.ClientFor("fuzz"))
        using (var created = await owner.PostAsync("/panels", JsonContent("""{"id":"fz","kind":"k","tools":[]}""")))
        {
            await Assert.That((int)created.StatusCode).IsEqualTo(201);
        }

        var random = new Random(20261127);
        for (var round = 0; round < 20; round++)
        {
            await using var client = await WsClient.ConnectAsync(kernel.WsPort, "fz", kernel.Token("fuzz"));
            await client.ReceiveAsync();
            for (var i = 0; i < 25; i++)
            {
                if (random.Next(4) == 0)
                {
                    var bytes = new byte[random.Next(1, 200)];
                    random.NextBytes(bytes);
                    // Random bytes go as binary frames: a text frame must be UTF-8 (RFC 6455 fails the connection
                    // with 1007 otherwise), and that is the WebSocket layer's rule, not a message error.
                    await client.Socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);
                }
                else
                {
                    var text = new StringBuilder();
                    for (var f = random.Next(1, 12); f > 0; f--) text.Append(Fragments[random.Next(Fragments.Length)]);
                    await client.SendAsync(text.ToString());
                }
            }
            // Whatever came before, the connection still answers a well-formed PING in order.
            await client.SendAsync("""{"type":"PING","requestId":"alive"}""");
            var (pong, before) = await client.ReceiveUntilAsync("PONG");
            await Assert.That(pong.GetProperty("requestId").GetString()).IsEqualTo("alive");
            await Assert.That(before.All(m => m.GetProperty("type").GetString() == "ERROR")).IsTrue();
        }

        using var health = await kernel.Http.GetAsync("/health");
        await Assert.That((int)health.StatusCode).IsEqualTo(200);
    }
}
