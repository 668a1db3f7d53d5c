using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// PATCHes whose messages are exactly 125, 126, 65,535 and 65,536 bytes, where a frame's length field changes
/// form: a client on the WebSocket port (frames written by the kernel) and one on the HTTP port (frames written by
/// the framework) read the same text.
/// </summary>
public class WsFrameSizeTests
{
    [Test]
    public async Task Patches_at_each_length_boundary_arrive_whole_and_alike_on_both_ports()
    {
        await using var kernel = await TestKernel.StartAsync();
        using (var client = kernel.ClientFor("sizes"))
        using (var created = await client.PostAsync("/panels", JsonContent(
            """{"id":"sizes","kind":"k","initialState":{"s":""},"tools":[{"name":"fill","handler":"$state.s = 'x'.repeat($args.n); return 1;"}]}""")))
        {
            await Assert.That((int)created.StatusCode).IsEqualTo(201);
        }
        await using var direct = await WsClient.ConnectAsync(kernel.WsPort, "sizes", kernel.Token("sizes"));
        await using var framework = await WsClient.ConnectAsync(kernel.HttpPort, "sizes", kernel.Token("sizes"));
        await direct.ReceiveTextAsync();
        await framework.ReceiveTextAsync();

        // A PATCH is its JSON around the value; the version grows one digit now and then, so the overhead is
        // measured from every PATCH and a missed length is aimed at again.
        var overhead = 0;
        var seen = new List<int>();
        var requestId = 0;
        foreach (var target in new[] { 125, 126, 65535, 65536 })
        {
            for (var attempt = 0; attempt < 3 && !seen.Contains(target); attempt++)
            {
                var n = Math.Max(0, target - overhead);
                await direct.SendAsync($$"""{"type":"TRIGGER","tool":"fill","args":{"n":{{n}}},"requestId":{{++requestId}}}""");
                var patch = (await direct.ReceiveTextAsync())!;
                var result = (await direct.ReceiveTextAsync())!;
                await Assert.That(JsonDocument.Parse(result).RootElement.GetProperty("type").GetString()).IsEqualTo("RESULT");
                var same = await framework.ReceiveTextAsync();
                await Assert.That(same).IsEqualTo(patch);
                var message = JsonDocument.Parse(patch).RootElement;
                await Assert.That(message.GetProperty("type").GetString()).IsEqualTo("PATCH");
                await Assert.That(patch).Contains(new string('x', n) + "\"");
                overhead = patch.Length - n;
                seen.Add(patch.Length);
            }
        }

        await Assert.That(seen).Contains(125);
        await Assert.That(seen).Contains(126);
        await Assert.That(seen).Contains(65535);
        await Assert.That(seen).Contains(65536);
    }
}
