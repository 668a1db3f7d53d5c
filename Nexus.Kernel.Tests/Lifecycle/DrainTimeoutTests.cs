using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Tests.Extensions;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Lifecycle;

/// <summary>
/// The drain with an execution in flight (parked on a request the test's server holds, so it lasts exactly as long
/// as the test wants): refusing begins, the in-flight execution is waited for, SHUTDOWN_TIMEOUT_MS bounds the wait.
/// </summary>
public class DrainTimeoutTests
{
    private const string Handler = "await $ext.http.get(URL + '/hold'); $state.done = true; return 'finished';";

    [Test]
    public async Task A_held_execution_keeps_the_host_up_while_new_sockets_and_triggers_are_503_then_finishes_and_sockets_get_1001()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(("SHUTDOWN_DELAY_MS", "0"), ("SHUTDOWN_TIMEOUT_MS", "120000")));
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "held", Handler, server);
        var token = kernel.Token("ext", ExtPanels.Scopes);
        await using var socket = await WsClient.ConnectAsync(kernel.WsPort, "held", token);
        await socket.ReceiveUntilAsync("CONNECTED");
        var stopping = new TaskCompletionSource();
        kernel.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        var run = client.PostAsync("/panels/held/trigger/run", null);
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var shutdown = kernel.Service<ShutdownCoordinator>().Begin("test");

        // The execution holds the drain open: refusals here are the drain's, not a host that already stopped.
        await Assert.That(await WsClient.RefusalStatusAsync(kernel.WsPort, "held", token)).IsEqualTo(503);
        await Assert.That(await WsClient.RefusalStatusAsync(kernel.HttpPort, "held", token)).IsEqualTo(503);
        await (await client.PostAsync("/panels/held/trigger/run", null)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        await Assert.That(kernel.Service<DrainState>().InFlight).IsEqualTo(1);
        await Assert.That(stopping.Task.IsCompleted).IsFalse();
        await Assert.That(socket.Socket.State).IsEqualTo(WebSocketState.Open);

        server.Gate.TrySetResult();

        using var finished = await run;
        var result = await finished.JsonAsync();
        await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(result.GetProperty("returnValue").GetString()).IsEqualTo("finished");
        await Assert.That(await socket.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.EndpointUnavailable);
        await shutdown.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(kernel.Log.All).DoesNotContain("Drain deadline passed");
    }

    [Test]
    public async Task An_execution_still_running_at_the_drain_timeout_does_not_keep_the_host_up()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(("SHUTDOWN_DELAY_MS", "0"), ("SHUTDOWN_TIMEOUT_MS", "300")));
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "stuck", Handler, server);
        var stopping = new TaskCompletionSource();
        kernel.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        var run = client.PostAsync("/panels/stuck/trigger/run", null);
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        _ = kernel.Service<ShutdownCoordinator>().Begin("test");

        // The gate never opens: only the timeout can end the drain, and the log says it did, with the execution in flight.
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.That(kernel.Log.All).Contains("Drain deadline passed with 1 executions still running");
        server.Gate.TrySetResult();
    }
}
