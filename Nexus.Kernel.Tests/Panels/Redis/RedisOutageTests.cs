using Nexus.Kernel.Panels;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Panels.Redis.RedisTestData;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>Redis goes away and a new one comes back on the same port: the same store instance serves again.</summary>
public class RedisOutageTests
{
    [Test]
    public async Task Unreachable_redis_fails_clearly_and_a_new_server_on_the_same_port_is_picked_up()
    {
        await using var server = await RedisServer.StartAsync();
        var prefix = Prefix();
        await using var store = Pod(server, prefix);
        await store.CreateAsync(Definition("o"), State("{}"), Roomy, default);
        var listener = new RecordingListener();
        using var subscription = (await store.SubscribeAsync("o", listener, default))!;
        await Assert.That(await store.IsReachableAsync(default)).IsTrue();

        await server.StopAsync();
        await Eventually.TrueAsync(async () => !await store.IsReachableAsync(default), "store unreachable");
        await Assert.That(async () => await store.GetAsync("o", default)).Throws<PanelStoreUnavailableException>();
        await Assert.That(async () => await store.CommitAsync("o", 0, Set("k", "1"), 10_000, default))
            .Throws<PanelStoreUnavailableException>().WithMessageContaining("unreachable");
        await Assert.That(async () => await store.AcquireTurnAsync("o", default)).Throws<PanelStoreUnavailableException>();

        await server.RestartAsync();
        await Eventually.TrueAsync(() => store.IsReachableAsync(default).AsTask(), "store reachable again");
        // Without persistence the data is gone: the listener is told (resync finds no panel), and service resumes.
        await Assert.That((await listener.NextAsync()).Kind).IsEqualTo(NoticeKind.Deleted);
        await Assert.That(await store.GetAsync("o", default)).IsNull();
        await Assert.That(await store.CreateAsync(Definition("o2"), State("{}"), Roomy, default)).IsEqualTo(CreateOutcome.Created);
        var again = new RecordingListener();
        using var resubscribed = (await store.SubscribeAsync("o2", again, default))!;
        await using (var turn = await store.AcquireTurnAsync("o2", default))
        {
            await Assert.That((await store.CommitAsync("o2", 0, Set("k", "1"), 10_000, turn, default)).Status).IsEqualTo(CommitStatus.Applied);
        }
        var patch = await again.NextAsync();
        await Assert.That(patch.Kind).IsEqualTo(NoticeKind.Patch);
        await Assert.That(patch.Version).IsEqualTo(1);
    }
}
