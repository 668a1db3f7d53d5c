using System.Net;
using Nexus.Kernel.Tests.Execution.Wasm;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>
/// Interval tools across published AOT kernels ("pods") on one real redis-server, on their real clocks: every pod
/// schedules every panel, one pod runs each occurrence, and losing the creating pod loses no schedule.
/// </summary>
[NotInParallel("aot-binary")]
public class RedisSchedulePodsTests
{
    /// <summary>Each run appends the occurrence it ran for: the same occurrence twice would show as a duplicate.</summary>
    private const string Beat = """
        {"id":"beat","kind":"k","tools":[{"name":"tick","trigger":{"type":"interval","ms":200},
          "handler":"$state.n = ($state.n || 0) + 1; $state.seen = [...($state.seen || []), $args.trigger.scheduledAt];"}]}
        """;

    private static async Task<long[]> SeenAsync(HttpClient client)
    {
        var state = await (await client.GetAsync("/panels/beat/state")).JsonAsync();
        return state.TryGetProperty("seen", out var seen) ? [.. seen.EnumerateArray().Select(e => e.GetInt64())] : [];
    }

    private static async Task<double> CountAsync(KernelProcess pod, string type) =>
        Scrape.Value(await Scrape.MetricsAsync(pod.MetricsPort), $"nexus_trigger_runs_total{{type=\"{type}\"}}") ?? 0;

    [Test]
    public async Task An_interval_tool_runs_once_per_occurrence_across_three_pods_and_keeps_running_after_its_creator_is_killed()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var pods = await RedisPods.StartAsync(redis, 3);
        await (await pods.Clients[0].PostAsync("/panels", JsonContent(Beat))).JsonAsync(HttpStatusCode.Created);

        await Eventually.TrueAsync(async () => (await SeenAsync(pods.Clients[1])).Length >= 10, "10 occurrences ran");
        var lost = 0.0;
        foreach (var pod in pods.Pods) lost += await CountAsync(pod, "interval_claimed_elsewhere");
        await Assert.That(lost).IsGreaterThan(0).Because("the other pods tried the same occurrences and lost the claim");

        pods.Pods[0].Signal(9);
        await Assert.That(await pods.Pods[0].WaitForExitAsync(TimeSpan.FromSeconds(10))).IsEqualTo(128 + 9);
        var atKill = (await SeenAsync(pods.Clients[1])).Length;
        await Eventually.TrueAsync(async () => (await SeenAsync(pods.Clients[2])).Length >= atKill + 10, "10 more occurrences after the kill");

        var seen = await SeenAsync(pods.Clients[1]);
        await Assert.That(seen.Distinct().Count()).IsEqualTo(seen.Length).Because("no occurrence may run twice");
        await Assert.That(seen.All(at => at % 200 == 0)).IsTrue().Because("occurrences fall on unix-time multiples of the interval");
        var info = await (await pods.Clients[2].GetAsync("/panels/beat")).JsonAsync();
        await Assert.That(info.GetProperty("state").GetProperty("n").GetInt32()).IsEqualTo(seen.Length);
    }

    [Test]
    public async Task A_pod_started_after_the_panel_was_created_schedules_it()
    {
        await using var redis = await RedisServer.StartAsync();
        await using (var first = await RedisPods.StartAsync(redis, 1))
        {
            await (await first.Clients[0].PostAsync("/panels", JsonContent(Beat))).JsonAsync(HttpStatusCode.Created);
            await Eventually.TrueAsync(async () => (await SeenAsync(first.Clients[0])).Length >= 1, "the creating pod runs it");
        } // the only pod is gone: nothing schedules the panel now

        await using var second = await RedisPods.StartAsync(redis, 1);
        await second.Pods[0].WaitForLineAsync(line => line.Contains("\"eventId\":8006", StringComparison.Ordinal));
        var before = (await SeenAsync(second.Clients[0])).Length;
        await Eventually.TrueAsync(async () => (await SeenAsync(second.Clients[0])).Length >= before + 5, "the new pod runs it");
        var seen = await SeenAsync(second.Clients[0]);
        await Assert.That(seen.Distinct().Count()).IsEqualTo(seen.Length);
    }
}
