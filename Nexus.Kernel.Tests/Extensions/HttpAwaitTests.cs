using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Extensions;

/// <summary>A handler awaiting $ext.http through the real server: flush before the I/O, progress, resume, result.</summary>
public class HttpAwaitTests
{
    private const string Handler = """
        $state.phase = 'before';
        const reply = await $ext.http.get(URL + '/hold');
        $state.phase = 'after';
        $state.held = reply.data.held;
        return reply.status;
        """;

    [Test]
    public async Task A_websocket_trigger_gets_patch_suspended_resumed_patch_then_result_and_the_panel_reads_suspended_meanwhile()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings());
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "await_ws", Handler, server);
        await using var socket = await WsClient.ConnectAsync(kernel.WsPort, "await_ws", kernel.Token("ext", ExtPanels.Scopes));
        var (connected, _) = await socket.ReceiveUntilAsync("CONNECTED");
        var version = connected.GetProperty("version").GetInt64();

        await socket.SendAsync("""{"type":"TRIGGER","tool":"run","requestId":"w1"}""");
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The request is at the server and held: the batch before the await is already committed and visible.
        var whileHeld = await (await client.GetAsync("/panels/await_ws")).JsonAsync();
        await Assert.That(whileHeld.GetProperty("status").GetString()).IsEqualTo("suspended");
        await Assert.That(whileHeld.GetProperty("version").GetInt64()).IsEqualTo(version + 1);
        await Assert.That(whileHeld.GetProperty("state").GetProperty("phase").GetString()).IsEqualTo("before");
        var firstPatch = await NextAsync(socket, "PATCH");
        await Assert.That(firstPatch.GetProperty("version").GetInt64()).IsEqualTo(version + 1);
        await Assert.That(firstPatch.GetProperty("mutations")[0].GetProperty("value").GetString()).IsEqualTo("before");
        var suspended = await NextAsync(socket, "PROGRESS");
        await Assert.That(suspended.GetProperty("status").GetString()).IsEqualTo("suspended");
        await Assert.That(suspended.GetProperty("requestId").GetString()).IsEqualTo("w1");
        await Assert.That(suspended.GetProperty("extension").GetString()).IsEqualTo("http");
        await Assert.That(suspended.GetProperty("method").GetString()).IsEqualTo("get");
        await Assert.That(server.Requests).IsEqualTo(1);

        server.Gate.TrySetResult();

        var resumed = await NextAsync(socket, "PROGRESS");
        await Assert.That(resumed.GetProperty("status").GetString()).IsEqualTo("resumed");
        var secondPatch = await NextAsync(socket, "PATCH");
        await Assert.That(secondPatch.GetProperty("version").GetInt64()).IsEqualTo(version + 2);
        var keys = secondPatch.GetProperty("mutations").EnumerateArray().Select(m => m.GetProperty("key").GetString()).Order().ToArray();
        await Assert.That(string.Join(",", keys)).IsEqualTo("held,phase");
        var result = (await NextAsync(socket, "RESULT")).GetProperty("result");
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(result.GetProperty("returnValue").GetInt32()).IsEqualTo(200);
        await Assert.That(result.GetProperty("stateMutations").GetArrayLength()).IsEqualTo(3);

        var after = await (await client.GetAsync("/panels/await_ws")).JsonAsync();
        await Assert.That(after.GetProperty("status").GetString()).IsEqualTo("running");
        await Assert.That(after.GetProperty("state").GetProperty("phase").GetString()).IsEqualTo("after");
    }

    [Test]
    public async Task The_http_trigger_route_waits_through_the_await_for_the_final_result()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings());
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "await_http", Handler, server);

        var trigger = client.PostAsync("/panels/await_http/trigger/run", null);
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var health = await (await kernel.Http.GetAsync("/health")).JsonAsync();
        await Assert.That(health.GetProperty("panels").GetProperty("suspended").GetInt32()).IsEqualTo(1);
        await Assert.That(trigger.IsCompleted).IsFalse();

        server.Gate.TrySetResult();
        var result = await (await trigger).JsonAsync();

        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(result.GetProperty("returnValue").GetInt32()).IsEqualTo(200);
        var keys = result.GetProperty("stateMutations").EnumerateArray().Select(m => m.GetProperty("key").GetString()).ToArray();
        await Assert.That(string.Join(",", keys)).IsEqualTo("phase,phase,held");
    }

    [Test]
    public async Task A_deadline_passing_while_awaiting_ends_with_timeout_and_the_panel_is_running_again()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(("TIMEOUT_MS", "200"), ("EXECUTION_DEADLINE_MS", "600")));
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "await_deadline", Handler, server);

        var result = await ExtPanels.RunAsync(client, "await_deadline");

        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("TIMEOUT");
        await Assert.That(result.GetProperty("error").GetProperty("message").GetString()).Contains("EXECUTION_DEADLINE_MS");
        var info = await (await client.GetAsync("/panels/await_deadline")).JsonAsync();
        await Assert.That(info.GetProperty("status").GetString()).IsEqualTo("running");
        await Assert.That(info.GetProperty("state").GetProperty("phase").GetString()).IsEqualTo("before");
        var health = await (await kernel.Http.GetAsync("/health")).JsonAsync();
        await Assert.That(health.GetProperty("panels").GetProperty("suspended").GetInt32()).IsEqualTo(0);
    }

    private static async Task<JsonElement> NextAsync(WsClient socket, string type)
    {
        var message = await socket.ReceiveAsync() ?? throw new InvalidOperationException("closed while waiting for " + type);
        await Assert.That(message.GetProperty("type").GetString()).IsEqualTo(type).Because(message.GetRawText());
        return message;
    }
}
