using System.Collections.Immutable;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Panels;
using Nexus.Kernel.Panels.Redis;
using static Nexus.Kernel.Tests.Panels.Redis.RedisTestData;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>Two store instances on one redis-server stand for two pods: what one writes, the other sees.</summary>
public class RedisPanelStoreTests
{
    private static RedisServer _server = null!;

    [Before(Class)]
    public static async Task Start() => _server = await RedisServer.StartAsync();

    [After(Class)]
    public static async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task Created_on_one_pod_is_read_listed_and_deleted_on_another()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        var definition = Definition("p1");
        var initial = State("""{"n":1.50,"big":12345678901234567890,"o":{},"a":[],"s":"é\"x"}""");
        await Assert.That(await a.CreateAsync(definition, initial, Roomy, default)).IsEqualTo(CreateOutcome.Created);

        var read = (await b.GetAsync("p1", default))!;
        await Assert.That(read.Version).IsEqualTo(0);
        await Assert.That(read.LastActivity).IsEqualTo(definition.CreatedAt);
        var d = read.Definition;
        await Assert.That(d.Owner).IsEqualTo("alice");
        await Assert.That(d.CreatedAt).IsEqualTo(definition.CreatedAt);
        await Assert.That(d.Scope.GetRawText()).IsEqualTo("""{"region":"eu"}""");
        await Assert.That(d.Metadata!.Value.GetRawText()).IsEqualTo("""{"tag":1}""");
        await Assert.That(d.Tools[0].Capabilities!).IsEquivalentTo(["state:write:count"]);
        await Assert.That(d.Tools[1].Module!).IsEquivalentTo(new byte[] { 0, 97, 115, 109 });
        await Assert.That(d.Tools[1].Trigger).IsEqualTo(new TriggerDefinition(TriggerType.Interval, IntervalMs: 250));

        // Values come back byte for byte: numbers keep their text, {} and [] stay apart.
        var state = (await b.GetStateAsync("p1", default))!;
        foreach (var (key, value) in initial) await Assert.That(state.Values[key].GetRawText()).IsEqualTo(value.GetRawText());

        await Assert.That((await b.ListAsync(default)).Select(p => p.Definition.Id)).IsEquivalentTo(["p1"]);
        await Assert.That(await b.DeleteAsync("p1", default)).IsTrue();
        await Assert.That(await a.GetAsync("p1", default)).IsNull();
        await Assert.That(await a.GetStateAsync("p1", default)).IsNull();
        await Assert.That(await a.DeleteAsync("p1", default)).IsFalse();
        await Assert.That(await a.ListAsync(default)).IsEmpty();
    }

    [Test]
    public async Task Panel_limits_are_counted_across_pods()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        var limits = new PanelLimits(MaxPanels: 3, MaxPanelsPerSubject: 2);
        var empty = State("{}");
        await Assert.That(await a.CreateAsync(Definition("x1", "alice"), empty, limits, default)).IsEqualTo(CreateOutcome.Created);
        await Assert.That(await b.CreateAsync(Definition("x1", "bob"), empty, limits, default)).IsEqualTo(CreateOutcome.Exists);
        await Assert.That(await b.CreateAsync(Definition("x2", "alice"), empty, limits, default)).IsEqualTo(CreateOutcome.Created);
        await Assert.That(await a.CreateAsync(Definition("x3", "alice"), empty, limits, default)).IsEqualTo(CreateOutcome.SubjectLimit);
        await Assert.That(await a.CreateAsync(Definition("x3", "bob"), empty, limits, default)).IsEqualTo(CreateOutcome.Created);
        await Assert.That(await b.CreateAsync(Definition("x4", "carol"), empty, limits, default)).IsEqualTo(CreateOutcome.PanelLimit);
        await Assert.That(await a.DeleteAsync("x1", default)).IsTrue();
        await Assert.That(await b.CreateAsync(Definition("x4", "alice"), empty, limits, default)).IsEqualTo(CreateOutcome.Created);
    }

    [Test]
    public async Task Racing_creates_on_two_pods_never_exceed_MAX_PANELS()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        var limits = new PanelLimits(MaxPanels: 5, MaxPanelsPerSubject: 100);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? a : b).CreateAsync(Definition("r" + i, "s" + (i % 7)), State("{}"), limits, default).AsTask()));
        await Assert.That(outcomes.Count(o => o == CreateOutcome.Created)).IsEqualTo(5);
        await Assert.That((await a.ListAsync(default)).Count).IsEqualTo(5);
    }

    [Test]
    public async Task Concurrent_commits_at_one_version_apply_exactly_once()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        await a.CreateAsync(Definition("c"), State("{}"), Roomy, default);
        for (var round = 0; round < 50; round++)
        {
            var results = await Task.WhenAll(
                a.CommitAsync("c", round, Set("k", "1"), 10_000, default).AsTask(),
                b.CommitAsync("c", round, Set("k", "2"), 10_000, default).AsTask());
            await Assert.That(results.Count(r => r.Status == CommitStatus.Applied)).IsEqualTo(1);
            await Assert.That(results.Single(r => r.Status != CommitStatus.Applied).Status).IsEqualTo(CommitStatus.VersionConflict);
            await Assert.That(results.All(r => r.Version == round + 1)).IsTrue();
        }
        await Assert.That((await b.GetStateAsync("c", default))!.Version).IsEqualTo(50);
        await Assert.That((await b.CommitAsync("gone", 0, Set("k", "1"), 10_000, default)).Status).IsEqualTo(CommitStatus.PanelGone);
    }

    [Test]
    public async Task MAX_STATE_BYTES_is_checked_in_the_commit_with_the_same_size_as_in_memory()
    {
        var prefix = Prefix();
        await using var a = Pod(_server, prefix);
        await using var b = Pod(_server, prefix);
        await a.CreateAsync(Definition("s"), State("""{"a":"xx","é":[1, 2]}"""), Roomy, default);
        var batch = new ExecutionBatch(
            [StateMutation.Set("b", JsonOf("\"0123456789\"")), StateMutation.Delete("a"), StateMutation.Set("a", JsonOf("{}")), StateMutation.Set("c", JsonOf("1"))],
            [], []);
        var before = State("""{"a":"xx","é":[1, 2]}""").ToImmutableDictionary();
        var entries = StateSize.EntriesOf(before);
        var expected = StateSize.Of(StateApplier.Apply(before, batch.Mutations, ref entries));

        var refused = await b.CommitAsync("s", 0, batch, (int)expected - 1, default);
        await Assert.That(refused).IsEqualTo(new CommitOutcome(CommitStatus.StateTooLarge, 0));
        var untouched = (await a.GetStateAsync("s", default))!;
        await Assert.That(untouched.Version).IsEqualTo(0);
        await Assert.That(untouched.Values.Keys).IsEquivalentTo(["a", "é"]);
        await Assert.That(untouched.Values["a"].GetString()).IsEqualTo("xx");

        await Assert.That(await b.CommitAsync("s", 0, batch, (int)expected, default)).IsEqualTo(new CommitOutcome(CommitStatus.Applied, 1));
        var after = (await a.GetStateAsync("s", default))!;
        await Assert.That(StateSize.Of(after.Values)).IsEqualTo(expected);
        // Deleting everything brings the maintained size back to "{}".
        var clear = new ExecutionBatch([.. after.Values.Keys.Select(StateMutation.Delete)], [], []);
        await Assert.That((await a.CommitAsync("s", 1, clear, 2, default)).Status).IsEqualTo(CommitStatus.Applied);
        await Assert.That((await b.CommitAsync("s", 2, Set("z", "1"), 6, default)).Status).IsEqualTo(CommitStatus.StateTooLarge);
        await Assert.That((await b.CommitAsync("s", 2, Set("z", "1"), 7, default)).Status).IsEqualTo(CommitStatus.Applied);
    }
}
