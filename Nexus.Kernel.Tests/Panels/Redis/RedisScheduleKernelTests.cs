using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Tests.Support;
using Nexus.Kernel.Triggers;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>
/// Whole kernels on one redis-server and one fake clock (as if their clocks agreed exactly). The clock moves only when
/// the test says so, so the 30 s reconciliation never runs unless a test advances to it: creations and deletions made
/// elsewhere reach a kernel through the catalog channel.
/// </summary>
public class RedisScheduleKernelTests
{
    private const string Ticks = """
        {"id":"ticks","kind":"k","tools":[{"name":"tick","trigger":{"type":"interval","ms":1000},
          "handler":"$state.seen = [...($state.seen || []), $args.trigger.scheduledAt];"}]}
        """;

    private const string Yearly = """
        {"id":"yearly","kind":"k","tools":[{"name":"newYear","trigger":{"type":"cron","expression":"0 0 1 1 *"},"handler":"return 1;"}]}
        """;

    private static async Task<(RedisServer Server, FakeTimeProvider Time, Dictionary<string, string?> Settings)> RedisAsync()
    {
        var server = await RedisServer.StartAsync();
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return (server, new FakeTimeProvider(start), new Dictionary<string, string?> { ["PANEL_STORE"] = "redis", ["REDIS_URL"] = server.Url });
    }

    private static ScheduledTriggers Schedules(TestKernel kernel) => kernel.Service<ScheduledTriggers>();

    [Test]
    public async Task A_panel_created_through_one_kernel_is_scheduled_on_both_and_each_occurrence_runs_on_exactly_one()
    {
        var (server, time, settings) = await RedisAsync();
        await using var _ = server;
        var start = time.GetUtcNow();
        await using var one = await TestKernel.StartAsync(settings, new KernelOverrides(Time: time));
        await using var two = await TestKernel.StartAsync(settings, new KernelOverrides(Time: time));
        TestKernel[] kernels = [one, two];
        using var client = one.ClientFor("alice");
        await (await client.PostAsync("/panels", JsonContent(Ticks))).JsonAsync(HttpStatusCode.Created);
        await Eventually.TrueAsync(() => Task.FromResult(Schedules(two).IsScheduled("ticks")), "kernel two schedules the panel made on one");

        long Count(string type) => kernels.Sum(k => k.Service<KernelCounters>().TriggerRuns[type]);
        async Task<long[]> SeenAsync()
        {
            var state = await (await client.GetAsync("/panels/ticks/state")).JsonAsync();
            return state.TryGetProperty("seen", out var seen) ? [.. seen.EnumerateArray().Select(e => e.GetInt64())] : [];
        }

        for (var period = 1; period <= 5; period++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var expected = period;
            // Both kernels fire and claim; one runs. Waiting for both to be idle means neither skips the next period.
            await Eventually.TrueAsync(async () => (await SeenAsync()).Length == expected
                && Count("interval") + Count("interval_claimed_elsewhere") == 2 * expected
                && kernels.All(k => Schedules(k).IsIdle("ticks")), $"period {expected} ran once");
        }

        var seen = await SeenAsync();
        await Assert.That(seen).IsEquivalentTo(Enumerable.Range(1, 5).Select(i => start.AddSeconds(i).ToUnixTimeMilliseconds()).ToArray(),
            TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(Count("interval")).IsEqualTo(5);
        await Assert.That(Count("interval_claimed_elsewhere")).IsEqualTo(5);
        await Assert.That(Count("interval_skipped")).IsEqualTo(0);

        // A deletion through one kernel stops the other's timers (the catalog; the fake clock never reaches a reconciliation).
        using (var deleted = await client.DeleteAsync("/panels/ticks")) await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await Eventually.TrueAsync(() => Task.FromResult(!Schedules(two).IsScheduled("ticks")), "kernel two stops the deleted panel");
        await Assert.That(Schedules(one).IsScheduled("ticks")).IsFalse();

        // Re-created through the other kernel: both schedule the new panel.
        using var onTwo = two.ClientFor("alice");
        await (await onTwo.PostAsync("/panels", JsonContent(Ticks))).JsonAsync(HttpStatusCode.Created);
        await Eventually.TrueAsync(() => Task.FromResult(Schedules(one).IsScheduled("ticks")), "kernel one schedules the re-created panel");
    }

    [Test]
    public async Task A_kernel_started_after_a_panel_was_created_schedules_it_and_reconciliation_heals_a_missed_notice()
    {
        var (server, time, settings) = await RedisAsync();
        await using var _ = server;
        await using var one = await TestKernel.StartAsync(settings, new KernelOverrides(Time: time));
        using var client = one.ClientFor("alice");
        await (await client.PostAsync("/panels", JsonContent(Yearly))).JsonAsync(HttpStatusCode.Created);

        await using var two = await TestKernel.StartAsync(settings, new KernelOverrides(Time: time));
        await Eventually.TrueAsync(() => Task.FromResult(Schedules(two).IsScheduled("yearly")
            && two.Log.All.Contains("Schedules reconciled with the panel store: 1 panels scheduled, 0 stopped", StringComparison.Ordinal)),
            "the late kernel schedules the existing panel on start");

        // As if kernel two had missed the creation: the next reconciliation (every 30 s on the kernel's clock) restores it.
        Schedules(two).OnDeleted("yearly");
        await Assert.That(Schedules(two).IsScheduled("yearly")).IsFalse();
        await Eventually.TrueAsync(() =>
        {
            time.Advance(ScheduleReconciler.Every);
            return Task.FromResult(Schedules(two).IsScheduled("yearly"));
        }, "a reconciliation schedules the panel again");
    }
}
