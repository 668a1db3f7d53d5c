using System.Net;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>Changes inside a value (no assignment to the key) are found at the flush and sent as a PATCH.</summary>
public class WsNestedChangeTests
{
    [Test]
    public async Task Pushing_into_a_state_array_produces_a_patch_for_that_key_only()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("nested");
        using (var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"nest","kind":"k","initialState":{"items":[],"other":{"x":1}},
             "tools":[{"name":"push","handler":"$state.items.push(1); $state.other.x; return $state.items.length;"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }
        await using var socket = await WsClient.ConnectAsync(kernel.WsPort, "nest", kernel.Token("nested"));
        var (connected, _) = await socket.ReceiveUntilAsync("CONNECTED");
        var version = connected.GetProperty("version").GetInt64();

        await socket.SendAsync("""{"type":"TRIGGER","tool":"push","requestId":"p1"}""");
        var (result, before) = await socket.ReceiveUntilAsync("RESULT");

        var patch = before.Single(m => m.GetProperty("type").GetString() == "PATCH");
        await Assert.That(patch.GetProperty("version").GetInt64()).IsEqualTo(version + 1);
        var mutation = patch.GetProperty("mutations").EnumerateArray().Single();
        await Assert.That(mutation.GetProperty("op").GetString()).IsEqualTo("set");
        await Assert.That(mutation.GetProperty("key").GetString()).IsEqualTo("items");
        await Assert.That(mutation.GetProperty("value").GetRawText()).IsEqualTo("[1]");
        await Assert.That(result.GetProperty("result").GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        var state = await (await client.GetAsync("/panels/nest/state")).JsonAsync();
        await Assert.That(state.GetProperty("items").GetRawText()).IsEqualTo("[1]");
    }
}
