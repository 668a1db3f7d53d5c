using System.Net;
using Microsoft.Extensions.Time.Testing;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Tests.Support;
using Nexus.Kernel.Triggers;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Triggers;

/// <summary>Schedules on an injected fake clock: time moves only when the test says so, and nothing sleeps.</summary>
public class ScheduledTriggerTests
{
    /// <summary>Now, rounded down to a whole second: interval occurrences fall on unix-time multiples of the interval.</summary>
    private static DateTimeOffset WholeSecond() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static async Task<(TestKernel Kernel, FakeTimeProvider Time, HttpClient Client)> StartAsync(DateTimeOffset start, string tools)
    {
        var time = new FakeTimeProvider(start);
        var kernel = await TestKernel.StartAsync(overrides: new KernelOverrides(Time: time));
        var client = kernel.ClientFor("scheduler");
        using var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"sched","kind":"k","initialState":{"n":0},"tools":[{{{tools}}},
              {"name":"sync","handler":"return $state.n;"}]}
            """));
        await created.JsonAsync(HttpStatusCode.Created);
        return (kernel, time, client);
    }

    /// <summary>
    /// Runs a manual tool through the panel's queue: every run enqueued before it has finished when it returns. Then
    /// waits until the schedules have seen their runs end (that lands just after the queue moves on), so the next tick
    /// is not skipped as overlapping.
    /// </summary>
    private static async Task<int> SyncAsync(TestKernel kernel, HttpClient client)
    {
        var result = await (await client.PostAsync("/panels/sched/trigger/sync", null)).JsonAsync();
        var schedules = kernel.Service<ScheduledTriggers>();
        await Eventually.TrueAsync(() => Task.FromResult(schedules.IsIdle("sched")), "scheduled runs finished");
        return result.GetProperty("returnValue").GetInt32();
    }

    [Test]
    public async Task An_interval_tool_runs_once_per_period_and_never_after_delete()
    {
        var start = WholeSecond();
        var (kernel, time, client) = await StartAsync(start,
            """{"name":"tick","handler":"$state.n = $state.n + 1; $state.last = $args.trigger;","trigger":{"type":"interval","ms":1000}}""");
        await using var _ = kernel;
        var runs = kernel.Service<KernelCounters>().TriggerRuns;

        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(0);
        time.Advance(TimeSpan.FromMilliseconds(999));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(0);
        for (var period = 1; period <= 3; period++)
        {
            time.Advance(TimeSpan.FromMilliseconds(period == 1 ? 1 : 1000));
            await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(period);
        }
        var state = await (await client.GetAsync("/panels/sched/state")).JsonAsync();
        await Assert.That(state.GetProperty("last").GetProperty("type").GetString()).IsEqualTo("interval");
        await Assert.That(state.GetProperty("last").GetProperty("ms").GetInt32()).IsEqualTo(1000);
        await Assert.That(state.GetProperty("last").GetProperty("scheduledAt").GetInt64()).IsEqualTo(start.AddSeconds(3).ToUnixTimeMilliseconds());

        using var deleted = await client.DeleteAsync("/panels/sched");
        var before = runs["interval"];
        time.Advance(TimeSpan.FromSeconds(10));
        await Assert.That(runs["interval"]).IsEqualTo(before);
        await Assert.That(before).IsEqualTo(3);
    }

    [Test]
    public async Task Interval_occurrences_fall_on_unix_multiples_of_the_interval_whenever_the_panel_was_created()
    {
        var aligned = WholeSecond();
        var (kernel, time, client) = await StartAsync(aligned.AddMilliseconds(300),
            """{"name":"tick","handler":"$state.n = $state.n + 1; $state.at = $args.trigger.scheduledAt;","trigger":{"type":"interval","ms":1000}}""");
        await using var _ = kernel;

        time.Advance(TimeSpan.FromMilliseconds(699));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(0);
        time.Advance(TimeSpan.FromMilliseconds(1)); // the next whole second, not 1000 ms after creation
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(1);
        time.Advance(TimeSpan.FromMilliseconds(1000));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(2);
        var state = await (await client.GetAsync("/panels/sched/state")).JsonAsync();
        await Assert.That(state.GetProperty("at").GetInt64()).IsEqualTo(aligned.AddSeconds(2).ToUnixTimeMilliseconds());
    }

    [Test]
    public async Task A_cron_tool_runs_at_its_minute_boundaries_in_utc()
    {
        var start = new DateTimeOffset(2026, 11, 27, 12, 0, 30, TimeSpan.Zero);
        var (kernel, time, client) = await StartAsync(start,
            """{"name":"minutely","handler":"$state.n = $state.n + 1; $state.at = $args.trigger.firedAt;","trigger":{"type":"cron","expression":"* * * * *"}}""");
        await using var _ = kernel;

        time.Advance(TimeSpan.FromSeconds(29));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(0);
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(1);
        var state = await (await client.GetAsync("/panels/sched/state")).JsonAsync();
        await Assert.That(state.GetProperty("at").GetInt64()).IsEqualTo(new DateTimeOffset(2026, 11, 27, 12, 1, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        time.Advance(TimeSpan.FromSeconds(59));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(1);
        time.Advance(TimeSpan.FromSeconds(1));
        await Assert.That(await SyncAsync(kernel, client)).IsEqualTo(2);
    }

    [Test]
    public async Task A_tool_that_always_fails_runs_no_more_often_than_its_schedule()
    {
        var (kernel, time, client) = await StartAsync(WholeSecond(),
            """{"name":"broken","handler":"throw new Error('always');","trigger":{"type":"interval","ms":500}}""");
        await using var _ = kernel;
        var counters = kernel.Service<KernelCounters>();

        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            await SyncAsync(kernel, client);
        }
        time.Advance(TimeSpan.FromMilliseconds(2000)); // four more periods at once: runs that would overlap are skipped
        await SyncAsync(kernel, client);

        var ran = counters.TriggerRuns["interval"];
        var skipped = counters.TriggerRuns["interval_skipped"];
        // Eight ticks: each either ran once or was skipped because the previous run had not finished. Never a retry.
        await Assert.That(ran + skipped).IsEqualTo(8);
        await Assert.That(ran).IsGreaterThanOrEqualTo(1);
        await Assert.That(counters.Errors["EXECUTION_ERROR"]).IsEqualTo(ran);
        await Assert.That(kernel.Log.All).Contains("interval run of broken on panel sched failed");
    }
}
