using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Extensions;

/// <summary>Executions awaiting I/O hold a sandbox, not a worker: 50 parked on 2 workers, others still run.</summary>
public class ParkedExecutionsTests
{
    [Test]
    public async Task Fifty_executions_parked_on_two_workers_all_complete_while_another_panel_keeps_running_and_http_max_concurrent_holds()
    {
        const int Parked = 50;
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 5;
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(
            ("MAX_INSTANCES", "2"), ("MAX_SUSPENDED", "64"), ("HTTP_MAX_CONCURRENT", "5"),
            ("MAX_PANELS", "100"), ("MAX_PANELS_PER_SUBJECT", "100")));
        using var client = ExtPanels.Client(kernel);
        for (var i = 0; i < Parked; i++)
        {
            await ExtPanels.CreateAsync(client, $"parked{i}", "const r = await $ext.http.get(URL + '/hold'); $state.done = r.data.held; return $args.i;", server);
        }
        await ExtPanels.CreateAsync(client, "other", "$state.n = ($state.n ?? 0) + 1; return $state.n;");

        var triggers = Enumerable.Range(0, Parked)
            .Select(i => client.PostAsync($"/panels/parked{i}/trigger/run", JsonContent($$$"""{"args":{"i":{{{i}}}}}""")))
            .ToList();
        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // All 50 parked: 5 inside the server, 45 queued for an HTTP_MAX_CONCURRENT slot; none holds a worker.
        await WaitForSuspendedAsync(kernel, Parked);

        var other = await (await client.PostAsync("/panels/other/trigger/run", null)).JsonAsync();
        var parkedDoneBeforeGate = triggers.Count(t => t.IsCompleted);
        await Assert.That(other.GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        await Assert.That(parkedDoneBeforeGate).IsEqualTo(0);
        await Assert.That(server.InFlight).IsEqualTo(5);

        server.Gate.TrySetResult();
        var responses = await Task.WhenAll(triggers);
        var results = await Task.WhenAll(responses.Select(r => r.JsonAsync()));

        await Assert.That(results.Count(r => r.GetProperty("status").GetString() == "success")).IsEqualTo(Parked);
        await Assert.That(results.Select(r => r.GetProperty("returnValue").GetInt32()).ToArray())
            .IsEquivalentTo(Enumerable.Range(0, Parked).ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(server.MaxInFlight).IsEqualTo(5);
        await Assert.That(server.Requests).IsEqualTo(Parked);
        var health = await (await kernel.Http.GetAsync("/health")).JsonAsync();
        await Assert.That(health.GetProperty("panels").GetProperty("suspended").GetInt32()).IsEqualTo(0);
    }

    /// <summary>Polls /health (there is no event for "parked"); a generous one-sided bound.</summary>
    internal static async Task WaitForSuspendedAsync(TestKernel kernel, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var health = await (await kernel.Http.GetAsync("/health")).JsonAsync();
            if (health.GetProperty("panels").GetProperty("suspended").GetInt32() == count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never {count} suspended: " + health.GetRawText());
            await Task.Delay(20);
        }
    }
}
