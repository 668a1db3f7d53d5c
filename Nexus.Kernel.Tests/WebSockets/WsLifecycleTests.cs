using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

public class WsLifecycleTests
{
    private static async Task CreatePanelAsync(TestKernel kernel, string id, string owner = "life")
    {
        using var client = kernel.ClientFor(owner);
        using var created = await client.PostAsync("/panels", JsonContent($$"""{"id":"{{id}}","kind":"k","tools":[]}"""));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [Test]
    public async Task Deleting_the_panel_closes_its_sockets_with_1000()
    {
        await using var kernel = await TestKernel.StartAsync();
        await CreatePanelAsync(kernel, "doomed");
        await using var client = await WsClient.ConnectAsync(kernel.WsPort, "doomed", kernel.Token("life"));
        await client.ReceiveAsync();

        using var deleted = await kernel.ClientFor("life").DeleteAsync("/panels/doomed");

        await Assert.That(await client.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.NormalClosure);
        await Assert.That(client.Socket.CloseStatusDescription).IsEqualTo("Panel destroyed");
    }

    [Test]
    public async Task Shutdown_closes_sockets_with_1001()
    {
        await using var kernel = await TestKernel.StartAsync();
        await CreatePanelAsync(kernel, "stays");
        await using var client = await WsClient.ConnectAsync(kernel.WsPort, "stays", kernel.Token("life"));
        await client.ReceiveAsync();

        // Refusing new upgrades while draining is Lifecycle/DrainTimeoutTests (an execution holds the drain open there).
        var shutdown = kernel.Service<ShutdownCoordinator>().Begin("test");

        await Assert.That(await client.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.EndpointUnavailable);
        await shutdown;
    }

    [Test]
    public async Task Connections_over_the_limit_get_503_and_are_counted()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["WS_MAX_CONNECTIONS"] = "2" });
        await CreatePanelAsync(kernel, "full");
        await using var first = await WsClient.ConnectAsync(kernel.WsPort, "full", kernel.Token("life"));
        await using var second = await WsClient.ConnectAsync(kernel.HttpPort, "full", kernel.Token("life"));
        await first.ReceiveAsync();
        await second.ReceiveAsync();

        await Assert.That(await WsClient.RefusalStatusAsync(kernel.WsPort, "full", kernel.Token("life"))).IsEqualTo(503);
        await Assert.That(Volatile.Read(ref kernel.Service<KernelCounters>().WsConnections)).IsEqualTo(2);
    }

    [Test]
    public async Task A_dead_peer_that_stops_answering_pings_is_dropped()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["WS_PING_INTERVAL_MS"] = "200", ["WS_PING_TIMEOUT_MS"] = "400" });
        await CreatePanelAsync(kernel, "dead");

        // A raw TCP client does the handshake, then never reads or answers a ping again.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", kernel.WsPort);
        var stream = tcp.GetStream();
        var request = $"GET /panels/dead/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {kernel.Token("life")}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new byte[1024];
        var read = await stream.ReadAsync(head);
        await Assert.That(Encoding.ASCII.GetString(head, 0, read)).StartsWith("HTTP/1.1 101");

        // Read what the server sends (its pings) without ever answering: the server's keep-alive timeout must end
        // the connection, which this side sees as end of stream or a reset. Bounded generously, one-sided.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer, giveUp.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
        await Assert.That(giveUp.IsCancellationRequested).IsFalse();

        // Dropped without a close frame from the kernel, so none is counted (it used to count as a normal 1000).
        var counters = kernel.Service<KernelCounters>();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref counters.WsConnections) == 0), "the dead peer is released");
        await Assert.That(counters.WsCloses["1000"]).IsEqualTo(0);
    }
}
