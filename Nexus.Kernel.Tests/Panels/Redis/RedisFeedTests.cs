using Nexus.Kernel.Panels;
using StackExchange.Redis;
using static Nexus.Kernel.Tests.Panels.Redis.RedisTestData;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>Fan-out across pods: commits through one store reach listeners of another, in version order.</summary>
public class RedisFeedTests
{
    private static RedisServer _server = null!;

    [Before(Class)]
    public static async Task Start() => _server = await RedisServer.StartAsync();

    [After(Class)]
    public static async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task A_listener_on_B_gets_every_commit_through_A_in_order_with_its_events()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        await a.CreateAsync(Definition("f"), State("""{"n":0}"""), Roomy, default);
        var listener = new RecordingListener();
        using var subscription = (await b.SubscribeAsync("f", listener, default))!;
        await Assert.That(subscription.Initial.Version).IsEqualTo(0);
        await Assert.That(subscription.Initial.Values["n"].GetInt32()).IsEqualTo(0);

        const int commits = 500;
        for (var v = 0; v < commits; v++)
        {
            var outcome = await a.CommitAsync("f", v, Set("n", (v + 1).ToString(), Event("tick", v + 1)), 10_000, default);
            await Assert.That(outcome.Status).IsEqualTo(CommitStatus.Applied);
        }
        // Events alone do not move the version, and follow the last PATCH.
        await Assert.That(await a.CommitAsync("f", commits, Events(Event("only", 0)), 10_000, default))
            .IsEqualTo(new CommitOutcome(CommitStatus.Applied, commits));

        for (var v = 1; v <= commits; v++)
        {
            var patch = await listener.NextAsync();
            await Assert.That(patch.Kind).IsEqualTo(NoticeKind.Patch);
            await Assert.That(patch.Version).IsEqualTo(v);
            await Assert.That(patch.Patch!.Mutations.Single().Value!.Value.GetInt32()).IsEqualTo(v);
            var emitted = await listener.NextAsync();
            await Assert.That(emitted.Kind).IsEqualTo(NoticeKind.Event);
            await Assert.That(emitted.Event!.Payload.GetProperty("n").GetInt32()).IsEqualTo(v);
            await Assert.That(emitted.Event.Timestamp).IsEqualTo(1000 + v);
        }
        var only = await listener.NextAsync();
        await Assert.That(only.Kind).IsEqualTo(NoticeKind.Event);
        await Assert.That(only.Event!.Name).IsEqualTo("only");
        await Assert.That((await b.GetStateAsync("f", default))!.Version).IsEqualTo(commits);
    }

    [Test]
    public async Task Deleting_through_A_tells_listeners_on_A_and_B()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        await a.CreateAsync(Definition("d"), State("{}"), Roomy, default);
        var onA = new RecordingListener();
        var onB = new RecordingListener();
        using var subA = (await a.SubscribeAsync("d", onA, default))!;
        using var subB = (await b.SubscribeAsync("d", onB, default))!;
        await Assert.That(await a.DeleteAsync("d", default)).IsTrue();
        await Assert.That((await onA.NextAsync()).Kind).IsEqualTo(NoticeKind.Deleted);
        await Assert.That((await onB.NextAsync()).Kind).IsEqualTo(NoticeKind.Deleted);
        await Assert.That(await b.SubscribeAsync("d", new RecordingListener(), default)).IsNull();
    }

    [Test]
    public async Task Commits_racing_with_subscribers_never_repeat_or_skip_a_version()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        await using var c = Pod(_server, prefix);
        await a.CreateAsync(Definition("race"), State("{}"), Roomy, default);
        const int commits = 300;
        var committer = Task.Run(async () =>
        {
            for (var v = 0; v < commits; v++) await a.CommitAsync("race", v, Set("k", v.ToString()), 10_000, default);
        });

        var joined = new List<(RecordingListener Listener, PanelSubscription Subscription)>();
        for (var i = 0; i < 30; i++)
        {
            var listener = new RecordingListener();
            var subscription = (await (i % 2 == 0 ? b : c).SubscribeAsync("race", listener, default))!;
            joined.Add((listener, subscription));
            // Some leave again at once, so feeds are torn down and re-created while commits fly.
            if (i % 5 == 4)
            {
                subscription.Dispose();
                joined.RemoveAt(joined.Count - 1);
            }
        }
        await committer;

        foreach (var (listener, subscription) in joined)
        {
            for (var expected = subscription.Initial.Version + 1; expected <= commits; expected++)
            {
                var notice = await listener.NextAsync();
                await Assert.That(notice.Kind).IsEqualTo(NoticeKind.Patch);
                await Assert.That(notice.Version).IsEqualTo(expected);
                await Assert.That(notice.Patch!.Mutations.Single().Value!.Value.GetInt32()).IsEqualTo((int)expected - 1);
            }
            subscription.Dispose();
        }
    }

    [Test]
    public async Task A_gap_in_the_feed_resyncs_listeners_instead_of_delivering_out_of_order()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        await a.CreateAsync(Definition("gap"), State("{}"), Roomy, default);
        await a.CommitAsync("gap", 0, Set("k", "1"), 10_000, default);
        var listener = new RecordingListener();
        using var subscription = (await b.SubscribeAsync("gap", listener, default))!;
        await Assert.That(subscription.Initial.Version).IsEqualTo(1);

        // A message that skips sequence numbers (as if some were lost): the listener must not apply it.
        await using (var raw = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_server.Port}"))
        {
            await raw.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + "feed:{gap}"),
                """{"s":7,"v":9,"m":[{"op":"set","key":"bogus","value":1}]}""");
        }
        var resync = await listener.NextAsync();
        await Assert.That(resync.Kind).IsEqualTo(NoticeKind.Resync);
        await Assert.That(resync.Version).IsEqualTo(1);
        await Assert.That(resync.State!.Values.Keys).IsEquivalentTo(["k"]);

        // The feed goes on from the resynced position.
        await a.CommitAsync("gap", 1, Set("k", "2"), 10_000, default);
        var next = await listener.NextAsync();
        await Assert.That(next.Kind).IsEqualTo(NoticeKind.Patch);
        await Assert.That(next.Version).IsEqualTo(2);
    }
}
