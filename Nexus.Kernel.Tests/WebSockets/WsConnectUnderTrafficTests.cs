using Nexus.Kernel.Tests.Panels.Redis;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// CONNECTED is the first message even when PATCHes and EVENTs are flowing while the client subscribes: what arrives
/// between subscribing and CONNECTED waits for it (the soak once saw an EVENT overtake CONNECTED).
/// </summary>
public class WsConnectUnderTrafficTests
{
    // With the shared store, another pod's executions reach this pod's subscribers through Redis at any moment,
    // and subscribing itself takes round trips: the window between subscribing and CONNECTED is wide enough here
    // that the test failed 2 runs of 2 before the fix. On one in-memory pod the window is microseconds, and a
    // test there passed with and without the fix, so it is not kept.
    [Test]
    public async Task Clients_connecting_while_another_pod_emits_get_connected_first_then_only_newer_patches()
    {
        await using var server = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["PANEL_STORE"] = "redis", ["REDIS_URL"] = server.Url, ["PANEL_QUEUE_LIMIT"] = "1000" };
        await using var subscribers = await TestKernel.StartAsync(settings);
        await using var emitter = await TestKernel.StartAsync(settings);
        await ConnectWhileEmittingAsync(subscribers, emitter);
    }

    private static async Task ConnectWhileEmittingAsync(TestKernel kernel, TestKernel emitter)
    {
        using var http = emitter.ClientFor("busy");
        using (var created = await http.PostAsync("/panels", JsonContent("""
            {"id":"busy","kind":"k","initialState":{"n":0},"tools":[
              {"name":"tick","handler":"$state.n = $state.n + 1; $emit('tick', {n: $state.n});"}]}
            """)))
        {
            await Assert.That((int)created.StatusCode).IsEqualTo(201);
        }

        using var stop = new CancellationTokenSource();
        var emitting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) (await http.PostAsync("/panels/busy/trigger/tick", null)).Dispose();
        });
        try
        {
            for (var i = 0; i < 200; i++)
            {
                await using var client = await WsClient.ConnectAsync(kernel.WsPort, "busy", kernel.Token("busy"));
                var first = (await client.ReceiveAsync())!.Value;
                await Assert.That(first.GetProperty("type").GetString()).IsEqualTo("CONNECTED");
                var connectedVersion = first.GetProperty("version").GetInt64();
                var (patch, _) = await client.ReceiveUntilAsync("PATCH");
                await Assert.That(patch.GetProperty("version").GetInt64()).IsEqualTo(connectedVersion + 1);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await emitting;
        }
    }
}
