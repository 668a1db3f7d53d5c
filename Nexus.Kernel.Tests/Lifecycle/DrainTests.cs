using System.Net;
using Microsoft.Extensions.Hosting;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Lifecycle;

public class DrainTests
{
    [Test]
    public async Task Readiness_turns_503_during_the_delay_while_work_is_still_served_then_new_panels_are_refused()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["SHUTDOWN_DELAY_MS"] = "60000" });
        using var client = kernel.ClientFor("drainer");
        using var readyBefore = await kernel.Http.GetAsync("/health/ready");
        await Assert.That(readyBefore.StatusCode).IsEqualTo(HttpStatusCode.OK);

        var coordinator = kernel.Service<ShutdownCoordinator>();
        var drain = kernel.Service<DrainState>();
        var stopped = new TaskCompletionSource();
        kernel.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());
        _ = coordinator.Begin("test");

        // During the delay: not ready, but still serving (the load balancer is still moving traffic away).
        await (await kernel.Http.GetAsync("/health/ready")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        using var stillServing = await client.PostAsync("/panels", HttpAssertions.JsonContent("""{"kind":"k","tools":[]}"""));
        await Assert.That(stillServing.StatusCode).IsEqualTo(HttpStatusCode.Created);
        await Assert.That(stopped.Task.IsCompleted).IsFalse();

        // The delay ending is what starts refusing; simulate it by moving the state the way the timer would.
        drain.BeginRefusing();
        await (await client.PostAsync("/panels", HttpAssertions.JsonContent("""{"kind":"k","tools":[]}"""))).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        using var health = await kernel.Http.GetAsync("/health");
        await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);
    }

    // The host stopping, and the drain timeout, are in DrainTimeoutTests (with an execution in flight) and below.
    [Test]
    public async Task With_no_delay_the_drain_stops_the_host()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["SHUTDOWN_DELAY_MS"] = "0" });
        var stopped = new TaskCompletionSource();
        kernel.Service<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopped.TrySetResult());

        await kernel.Service<ShutdownCoordinator>().Begin("test");

        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(kernel.Service<DrainState>().IsRefusing).IsTrue();
    }
}
