using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>The WebSocket port answers an acceptable upgrade itself; what it does not take goes to the HTTP pipeline.</summary>
// One at a time: the in-progress gauge counts every open upgrade through the pipeline, whichever test opened it.
[NotInParallel]
public class DirectUpgradeTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync();
        using var owner = _kernel.ClientFor("direct-owner");
        using var created = await owner.PostAsync("/panels", JsonContent("""{"id":"direct","kind":"k","tools":[],"initialState":{"n":1}}"""));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    [Test]
    public async Task A_socket_on_the_websocket_port_keeps_no_http_request_open_while_one_on_the_http_port_does()
    {
        await using (var onWsPort = await WsClient.ConnectAsync(_kernel.WsPort, "direct", _kernel.Token("direct-owner")))
        {
            await Assert.That((await onWsPort.ReceiveAsync())!.Value.GetProperty("type").GetString()).IsEqualTo("CONNECTED");
            await Assert.That(await WsRequestsInProgressAsync()).IsEqualTo(0);
        }
        await using var onHttpPort = await WsClient.ConnectAsync(_kernel.HttpPort, "direct", _kernel.Token("direct-owner"));
        await Assert.That((await onHttpPort.ReceiveAsync())!.Value.GetProperty("type").GetString()).IsEqualTo("CONNECTED");
        await Assert.That(await WsRequestsInProgressAsync()).IsEqualTo(1);
    }

    [Test]
    public async Task A_head_split_over_two_writes_is_still_upgraded_through_the_pipeline()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _kernel.WsPort);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var head = $"GET /panels/direct/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                   $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\nAuthorization: Bearer {_kernel.Token("direct-owner")}\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(head);
        await stream.WriteAsync(bytes.AsMemory(0, 20));
        await stream.FlushAsync();
        await Task.Yield();
        await stream.WriteAsync(bytes.AsMemory(20));
        var response = await ReadHeadAsync(stream);
        await Assert.That(response).StartsWith("HTTP/1.1 101");
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await Assert.That(response).Contains(expected);
    }

    [Test]
    public async Task The_direct_answer_carries_the_accept_hash_of_the_key()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", _kernel.WsPort);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET /panels/direct/ws?token={_kernel.Token("direct-owner")} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
            $"Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n\r\n"));
        var response = await ReadHeadAsync(stream);
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await Assert.That(response).StartsWith("HTTP/1.1 101");
        await Assert.That(response).Contains("Sec-WebSocket-Accept: " + expected + "\r\n");
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, timeout.Token) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    private static async Task<int> WsRequestsInProgressAsync()
    {
        using var client = new HttpClient();
        var text = await client.GetStringAsync($"http://127.0.0.1:{_kernel.MetricsPort}/metrics");
        return text.Split('\n')
            .Where(line => line.StartsWith("http_requests_in_progress{", StringComparison.Ordinal) && line.Contains("/panels/{id}/ws", StringComparison.Ordinal))
            .Sum(line => (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
