using Nexus.Kernel.Panels;
using StackExchange.Redis;
using Nexus.Kernel.Panels.Redis;
using static Nexus.Kernel.Tests.Panels.Redis.RedisTestData;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>The per-panel lease that orders executions across pods, and its fencing of commits.</summary>
public class RedisLeaseTests
{
    private static readonly RedisStoreOptions Short = new()
    {
        LeaseTtl = TimeSpan.FromMilliseconds(600),
        LeaseRenewEvery = TimeSpan.FromMilliseconds(150),
    };

    private static RedisServer _server = null!;

    [Before(Class)]
    public static async Task Start() => _server = await RedisServer.StartAsync();

    [After(Class)]
    public static async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task A_second_pod_waits_for_the_holder_to_release_even_past_the_ttl()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix, Short);
        await using var b = Pod(_server, prefix, Short);
        await a.CreateAsync(Definition("l"), State("{}"), Roomy, default);
        var held = await a.AcquireTurnAsync("l", default);
        await Assert.That(held.FencingToken).IsGreaterThan(0);

        // Count renewals as Redis sees them (each one a PEXPIRE on the lease key), instead of waiting out a clock.
        await using var raw = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_server.Port},allowAdmin=true");
        await raw.GetServer(raw.GetEndPoints()[0]).ExecuteAsync("CONFIG", "SET", "notify-keyspace-events", "Kg");
        var leaseKey = new RedisKeys(prefix).Lease("l").ToString();
        var enough = (int)Math.Ceiling(Short.LeaseTtl / Short.LeaseRenewEvery) + 1;
        var renewals = 0;
        var renewedPastTtl = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await raw.GetSubscriber().SubscribeAsync(RedisChannel.Literal("__keyspace@0__:" + leaseKey), (_, operation) =>
        {
            if (operation == "expire" && Interlocked.Increment(ref renewals) >= enough) renewedPastTtl.TrySetResult();
        });

        var waiting = b.AcquireTurnAsync("l", default).AsTask();
        // B is already waiting; A renews more times than fit in one TTL. B is still out, and the lease is still A's.
        await renewedPastTtl.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(waiting.IsCompleted).IsFalse();
        await Assert.That((long)(await raw.GetDatabase().StringGetAsync(leaseKey))).IsEqualTo(held.FencingToken);

        await held.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(next.FencingToken).IsGreaterThan(held.FencingToken);
    }

    [Test]
    public async Task A_dead_holders_lease_expires_and_its_token_can_no_longer_commit()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix, Short);
        await using var b = Pod(_server, prefix, Short);
        await a.CreateAsync(Definition("dead"), State("{}"), Roomy, default);
        var stale = (RedisLease)await a.AcquireTurnAsync("dead", default);
        await stale.AbandonAsync(); // the pod "dies": no renewal, no release

        await using var fresh = await b.AcquireTurnAsync("dead", default).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(fresh.FencingToken).IsGreaterThan(stale.FencingToken);

        var refused = await a.CommitAsync("dead", 0, Set("k", "1"), 10_000, stale, default);
        await Assert.That(refused).IsEqualTo(new CommitOutcome(CommitStatus.TurnLost, 0));
        await Assert.That((await b.GetStateAsync("dead", default))!.Values).IsEmpty();
        await Assert.That(await b.CommitAsync("dead", 0, Set("k", "1"), 10_000, fresh, default))
            .IsEqualTo(new CommitOutcome(CommitStatus.Applied, 1));
    }

    [Test]
    public async Task A_released_turn_cannot_commit_and_a_deleted_panel_gives_no_turn()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix, Short);
        await a.CreateAsync(Definition("rel"), State("{}"), Roomy, default);
        var turn = await a.AcquireTurnAsync("rel", default);
        await turn.DisposeAsync();
        await Assert.That((await a.CommitAsync("rel", 0, Set("k", "1"), 10_000, turn, default)).Status).IsEqualTo(CommitStatus.TurnLost);

        var held = await a.AcquireTurnAsync("rel", default);
        await Assert.That(await a.DeleteAsync("rel", default)).IsTrue();
        await Assert.That((await a.CommitAsync("rel", 0, Set("k", "1"), 10_000, held, default)).Status).IsEqualTo(CommitStatus.PanelGone);
        await held.DisposeAsync();
        await using var none = await a.AcquireTurnAsync("rel", default);
        await Assert.That(none.FencingToken).IsLessThan(0);
    }

    [Test]
    public async Task A_stale_holder_can_neither_renew_nor_release_the_new_holders_lease()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix, Short);
        await using var b = Pod(_server, prefix, Short);
        await a.CreateAsync(Definition("stale"), State("{}"), Roomy, default);
        var stale = (RedisLease)await a.AcquireTurnAsync("stale", default);
        await stale.AbandonAsync(); // the pod stalls past its TTL, then wakes up still believing it holds the turn
        await using var fresh = await b.AcquireTurnAsync("stale", default).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        var renewed = await a.RenewLeaseAsync("stale", stale.FencingToken);
        await a.ReleaseLeaseAsync("stale", stale.FencingToken);

        await Assert.That(renewed).IsFalse();
        await using var raw = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_server.Port}");
        var holder = await raw.GetDatabase().StringGetAsync(new RedisKeys(prefix).Lease("stale"));
        await Assert.That((long)holder).IsEqualTo(fresh.FencingToken);
    }
}
