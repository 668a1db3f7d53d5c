using System.Text;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// Random frames on raw sockets: headers, declared lengths (around and far past the cap), opcodes, reserved bits,
/// masks, fragmentation, payloads cut short, text that is not UTF-8. A first frame declaring more than the cap is
/// always closed 1009 at once; whatever else is sent, the kernel keeps serving sockets and HTTP.
/// </summary>
public class FrameFuzzTests
{
    private const int Max = 2048;

    [Test]
    public async Task Random_frames_never_stop_the_kernel_and_oversize_headers_always_get_1009()
    {
        var seed = Fuzz.SeedFromEnvironment(15_002);
        var cases = Fuzz.CasesFromEnvironment(150);
        var fuzz = new Fuzz(seed);
        var random = fuzz.Random;
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["WS_MAX_MESSAGE_BYTES"] = Max.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WS_RATE_LIMIT"] = "100000",
            ["WS_RATE_BURST"] = "100000",
        });
        using (var owner = kernel.ClientFor("ff"))
        using (var created = await owner.PostAsync("/panels", JsonContent("""{"id":"ff","kind":"k","tools":[{"name":"keep","handler":"$state.last = $args; return 1;"}]}""")))
        {
            await Assert.That((int)created.StatusCode).IsEqualTo(201);
        }
        var token = kernel.Token("ff");

        for (var i = 0; i < cases; i++)
        {
            var because = $"seed {seed}, case {i}";
            await using var raw = await RawWebSocket.OpenAsync(random.Next(2) == 0 ? kernel.WsPort : kernel.HttpPort, "ff", token);
            var oversizeFirst = random.Next(4) == 0;
            if (oversizeFirst)
            {
                long[] lengths = [Max + 1, Max + 1 + random.Next(100_000), 1L << 62, long.MaxValue, 65536, 1L << 32];
                var header = RawWebSocket.Header(opcode: fuzz.Pick<int>([0, 1, 2]), lengths[random.Next(lengths.Length)], fin: random.Next(2) == 0);
                await raw.SendAsync(header);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await Assert.That(await raw.ReadCloseStatusAsync(wait.Token)).IsEqualTo(1009).Because($"{because}: header {Convert.ToHexString(header)}");
                continue;
            }

            for (var f = random.Next(1, 6); f > 0; f--)
            {
                var payload = random.Next(3) switch
                {
                    0 => fuzz.Mutate("""{"type":"TRIGGER","tool":"keep","args":""" + fuzz.Value() + "}"),
                    1 => Encoding.UTF8.GetBytes("""{"type":"PING","requestId":1}"""),
                    _ => RandomBytes(random, random.Next(0, 300)),
                };
                var frame = RawWebSocket.Frame(fuzz.Pick<int>([0, 1, 1, 1, 2, 3, 8, 9, 10, 15]), payload, fin: random.Next(4) != 0, masked: random.Next(8) != 0);
                if (random.Next(10) == 0) frame[0] |= (byte)(0x10 << random.Next(3)); // a reserved bit
                if (random.Next(10) == 0) frame = frame[..random.Next(1, frame.Length)]; // cut short
                try
                {
                    await raw.SendAsync(frame);
                }
                catch (IOException)
                {
                    break; // the server already failed this connection
                }
            }
        }

        // Still serving: a well-behaved client connects, is answered, and the panel reads.
        await using (var client = await WsClient.ConnectAsync(kernel.WsPort, "ff", token))
        {
            await client.ReceiveUntilAsync("CONNECTED");
            await client.SendAsync("""{"type":"PING","requestId":"after"}""");
            var (pong, _) = await client.ReceiveUntilAsync("PONG");
            await Assert.That(pong.GetProperty("requestId").GetString()).IsEqualTo("after");
        }
        using var reader = kernel.ClientFor("ff");
        using var state = await reader.GetAsync("/panels/ff/state");
        await Assert.That((int)state.StatusCode).IsEqualTo(200);
        System.Text.Json.JsonDocument.Parse(await state.Content.ReadAsStringAsync(), new System.Text.Json.JsonDocumentOptions { MaxDepth = 128 }).Dispose();
        Fuzz.Report("websocket frames", cases, seed);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
