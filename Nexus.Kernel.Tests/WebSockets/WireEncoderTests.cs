using System.Net.WebSockets;
using Nexus.Kernel.WebSockets;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// The kernel frames its outbound messages itself; the framework's own WebSocket, as a client, must read each
/// frame back whole, at every boundary of the length encoding (RFC 6455 §5.2: 7 bits, 16 bits, 64 bits).
/// </summary>
public class WireEncoderTests
{
    [Test]
    [Arguments(0, 2)]
    [Arguments(125, 2)]
    [Arguments(126, 4)]
    [Arguments(65535, 4)]
    [Arguments(65536, 10)]
    public async Task A_text_frame_has_the_shortest_header_for_its_length_and_reads_back_whole(int length, int header)
    {
        var payload = new byte[length];
        for (var i = 0; i < length; i++) payload[i] = (byte)('a' + i % 26);

        var frame = WireEncoder.TextFrame(payload);

        await Assert.That(frame.Length).IsEqualTo(header + length);
        await Assert.That(WireEncoder.HeaderLength(frame)).IsEqualTo(header);
        using var client = WebSocket.CreateFromStream(new MemoryStream(frame), isServer: false, subProtocol: null, Timeout.InfiniteTimeSpan);
        var received = new byte[length + 1];
        var total = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await client.ReceiveAsync(received.AsMemory(total), CancellationToken.None);
            total += result.Count;
        }
        while (!result.EndOfMessage);
        await Assert.That(result.MessageType).IsEqualTo(WebSocketMessageType.Text);
        await Assert.That(total).IsEqualTo(length);
        await Assert.That(received.AsSpan(0, total).SequenceEqual(payload)).IsTrue();
    }
}
