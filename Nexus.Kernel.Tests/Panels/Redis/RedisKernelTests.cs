using System.Net;
using System.Net.WebSockets;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>Two whole kernels (two "pods") with PANEL_STORE=redis on one redis-server, over their real HTTP and WS APIs.</summary>
public class RedisKernelTests
{
    [Test]
    public async Task A_panel_created_through_one_kernel_is_served_and_deleted_through_the_other()
    {
        await using var server = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["PANEL_STORE"] = "redis", ["REDIS_URL"] = server.Url };
        await using var one = await TestKernel.StartAsync(settings);
        await using var two = await TestKernel.StartAsync(new Dictionary<string, string?>(settings) { ["REDIS_URL"] = $"127.0.0.1:{server.Port},connectTimeout=2000" });
        using var onOne = one.ClientFor("alice");
        using var onTwo = two.ClientFor("alice");
        using var stranger = two.ClientFor("mallory");

        using var created = await onOne.PostAsync("/panels", JsonContent("""
            {"id":"shared","kind":"counter","tools":[{"name":"inc","handler":"return 1"}],"initialState":{"count":1.50,"o":{}}}
            """));
        await created.JsonAsync(HttpStatusCode.Created);
        await (await onTwo.PostAsync("/panels", JsonContent("""{"id":"shared","kind":"k","tools":[]}"""))).ProblemAsync(HttpStatusCode.Conflict, "PANEL_EXISTS");

        var info = await (await onTwo.GetAsync("/panels/shared")).JsonAsync();
        await Assert.That(info.GetProperty("kind").GetString()).IsEqualTo("counter");
        await Assert.That(info.GetProperty("tools")[0].GetString()).IsEqualTo("inc");
        await Assert.That(info.GetProperty("state").GetProperty("count").GetRawText()).IsEqualTo("1.50");
        var list = await (await onTwo.GetAsync("/panels")).JsonAsync();
        await Assert.That(list.GetProperty("total").GetInt32()).IsEqualTo(1);
        await (await stranger.GetAsync("/panels/shared")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");

        // A socket on kernel one hears the deletion made through kernel two.
        await using var socket = await WsClient.ConnectAsync(one.WsPort, "shared", one.Token("alice"));
        var (connected, _) = await socket.ReceiveUntilAsync("CONNECTED");
        await Assert.That(connected.GetProperty("version").GetInt64()).IsEqualTo(0);
        using var deleted = await onTwo.DeleteAsync("/panels/shared");
        await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await Assert.That(await socket.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.NormalClosure);
        await (await onOne.GetAsync("/panels/shared")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
    }

    [Test]
    public async Task Readiness_is_503_while_redis_is_down_and_200_when_it_is_back()
    {
        await using var server = await RedisServer.StartAsync();
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["PANEL_STORE"] = "redis", ["REDIS_URL"] = server.Url });
        using var client = kernel.ClientFor("alice");
        await (await kernel.Http.GetAsync("/health/ready")).JsonAsync();

        await server.StopAsync();
        await Eventually.TrueAsync(async () => (await kernel.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "ready 503");
        await (await client.GetAsync("/panels")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");

        await server.RestartAsync();
        await Eventually.TrueAsync(async () => (await kernel.Http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready 200");
        using var created = await client.PostAsync("/panels", JsonContent("""{"id":"back","kind":"k","tools":[]}"""));
        await created.JsonAsync(HttpStatusCode.Created);
    }
}
