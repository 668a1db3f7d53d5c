using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Extensions;

/// <summary>How a suspended execution ends when its panel is deleted, and when the kernel drains.</summary>
public class SuspendedExecutionEndingTests
{
    private const string Handler = "$state.phase = 'waiting'; await $ext.http.get(URL + '/hold'); $state.phase = 'done'; return 'finished';";

    [Test]
    public async Task Deleting_the_panel_cancels_its_suspended_execution_and_abandons_the_held_request()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 2;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings());
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "doomed_http", Handler, server);
        await ExtPanels.CreateAsync(client, "doomed_ws", Handler, server);
        await using var socket = await WsClient.ConnectAsync(kernel.WsPort, "doomed_ws", kernel.Token("ext", ExtPanels.Scopes));
        await socket.ReceiveUntilAsync("CONNECTED");

        var trigger = client.PostAsync("/panels/doomed_http/trigger/run", null);
        await socket.SendAsync("""{"type":"TRIGGER","tool":"run","requestId":"d1"}""");
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await socket.ReceiveUntilAsync("PROGRESS");

        using (var deleted = await client.DeleteAsync("/panels/doomed_http")) await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await (await trigger).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        using (var deleted = await client.DeleteAsync("/panels/doomed_ws")) await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await Assert.That(await socket.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.NormalClosure);

        // Abandoned completes with the first of the two; the other's cancellation may reach the server a moment later.
        await server.Abandoned.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Task.FromResult(server.AbandonedCount == 2 && server.InFlight == 0),
            "both held requests abandoned, not left waiting for the gate");
        await ParkedExecutionsTests.WaitForSuspendedAsync(kernel, 0);
        await Assert.That(kernel.Service<ExecutionEngine>().SuspendedExecutions).IsEqualTo(0);
        using var health = await kernel.Http.GetAsync("/health");
        await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);
    }

    [Test]
    public async Task A_drain_lets_a_suspended_execution_finish_then_the_host_stops()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(("SHUTDOWN_DELAY_MS", "0"), ("SHUTDOWN_TIMEOUT_MS", "60000")));
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "draining", Handler, server);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kernel.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        var trigger = client.PostAsync("/panels/draining/trigger/run", null);
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var shutdown = kernel.Service<ShutdownCoordinator>().Begin("test");

        // Draining: new work is refused, but the parked execution holds the host up.
        await (await kernel.Http.GetAsync("/health/ready")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        await (await client.PostAsync("/panels/draining/trigger/run", null)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        await Assert.That(stopping.Task.IsCompleted).IsFalse();
        await Assert.That(trigger.IsCompleted).IsFalse();

        server.Gate.TrySetResult();
        var result = await (await trigger).JsonAsync();
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(result.GetProperty("returnValue").GetString()).IsEqualTo("finished");

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await shutdown.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
