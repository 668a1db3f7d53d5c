using System.Net;
using Nexus.Kernel.Panels;
using Nexus.Kernel.Tests.Extensions;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels;

/// <summary>
/// Over HTTP on the real server: while one execution holds the panel (parked on a request the test's server holds),
/// PANEL_QUEUE_LIMIT triggers wait, the next is 429 QUEUE_FULL, and the waiters then run in the order they came.
/// </summary>
public class PanelQueueTests
{
    private const int Limit = 3;

    private const string Handler = """
        if ($args.hold) await $ext.http.get(URL + '/hold');
        $state.order = [...($state.order ?? []), $args.n];
        return $args.n;
        """;

    [Test]
    public async Task Waiters_up_to_the_limit_run_in_arrival_order_and_one_more_is_queue_full()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 1;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(("PANEL_QUEUE_LIMIT", Limit.ToString())));
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "fifo", Handler, server);
        var queue = kernel.Service<PanelRuntimes>().Get("fifo").Queue;

        var runs = new List<Task<HttpResponseMessage>> { Trigger(client, """{"args":{"n":0,"hold":true}}""") };
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (var n = 1; n <= Limit; n++)
        {
            runs.Add(Trigger(client, $$$"""{"args":{"n":{{{n}}}}}"""));
            var expected = n;
            // Each trigger is in line before the next is sent, so arrival order is the order sent.
            await Eventually.TrueAsync(() => Task.FromResult(queue.Waiting == expected), $"{expected} waiting");
        }

        using var refused = await Trigger(client, """{"args":{"n":99}}""");
        await refused.ProblemAsync(HttpStatusCode.TooManyRequests, "QUEUE_FULL");
        await Assert.That(refused.Headers.RetryAfter).IsNotNull();

        server.Gate.TrySetResult();
        foreach (var run in runs)
        {
            using var response = await run;
            var result = await response.JsonAsync();
            await Assert.That(result.GetProperty("status").GetString()).IsEqualTo("success");
        }
        var state = await (await client.GetAsync("/panels/fifo/state")).JsonAsync();
        var order = state.GetProperty("order").EnumerateArray().Select(e => e.GetInt32());
        await Assert.That(string.Join(",", order)).IsEqualTo("0,1,2,3");
    }

    private static Task<HttpResponseMessage> Trigger(HttpClient client, string body) =>
        client.PostAsync("/panels/fifo/trigger/run", JsonContent(body));
}
