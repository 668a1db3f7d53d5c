using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>Published AOT kernels as separate processes on one real redis-server: any pod serves any panel.</summary>
[NotInParallel("aot-binary")]
public class RedisPodsTests
{
    private const string Counter = """
        {"id":"ID","kind":"counter","initialState":{"count":0},"tools":[
          {"name":"inc","handler":"$state.count = $state.count + 1; return $state.count;"}]}
        """;

    private static StringContent Panel(string id) => JsonContent(Counter.Replace("ID", id, StringComparison.Ordinal));

    [Test]
    public async Task A_panel_created_through_one_process_is_read_triggered_and_deleted_through_another()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var pods = await RedisPods.StartAsync(redis, 2);
        var (one, two) = (pods.Clients[0], pods.Clients[1]);

        await (await one.PostAsync("/panels", Panel("crossing"))).JsonAsync(HttpStatusCode.Created);
        var info = await (await two.GetAsync("/panels/crossing")).JsonAsync();
        await Assert.That(info.GetProperty("kind").GetString()).IsEqualTo("counter");
        var first = await (await two.PostAsync("/panels/crossing/trigger/inc", null)).JsonAsync();
        var second = await (await one.PostAsync("/panels/crossing/trigger/inc", null)).JsonAsync();
        await Assert.That(first.GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        await Assert.That(second.GetProperty("returnValue").GetInt32()).IsEqualTo(2);
        var state = await (await one.GetAsync("/panels/crossing")).JsonAsync();
        await Assert.That(state.GetProperty("version").GetInt64()).IsEqualTo(2);

        using (var deleted = await two.DeleteAsync("/panels/crossing")) await Assert.That(deleted.StatusCode).IsEqualTo(HttpStatusCode.NoContent);
        await (await one.GetAsync("/panels/crossing")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
        await (await one.PostAsync("/panels/crossing/trigger/inc", null)).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
    }

    [Test]
    public async Task A_thousand_triggers_over_three_processes_count_exactly_and_every_pods_sockets_see_the_same_gap_free_patches()
    {
        const int Triggers = 1000;
        await using var redis = await RedisServer.StartAsync();
        await using var pods = await RedisPods.StartAsync(redis, 3);
        await (await pods.Clients[0].PostAsync("/panels", Panel("spread"))).JsonAsync(HttpStatusCode.Created);
        var sockets = new List<WsClient>();
        foreach (var pod in pods.Pods) sockets.Add(await WsClient.ConnectAsync(pod.WsPort, "spread", RedisPods.Token()));
        try
        {
            foreach (var socket in sockets)
            {
                var (connected, _) = await socket.ReceiveUntilAsync("CONNECTED");
                await Assert.That(connected.GetProperty("version").GetInt64()).IsEqualTo(0);
            }
            var readers = sockets.Select(socket => Task.Run(() => ReadPatchesAsync(socket, Triggers))).ToList();

            var next = -1;
            var values = new int[Triggers];
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Triggers)
                {
                    using var response = await pods.Clients[i % 3].PostAsync("/panels/spread/trigger/inc", null);
                    values[i] = (await response.JsonAsync()).GetProperty("returnValue").GetInt32();
                }
            }));
            var sequences = await Task.WhenAll(readers);

            await Assert.That(values.Order().ToArray()).IsEquivalentTo(Enumerable.Range(1, Triggers).ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
            var info = await (await pods.Clients[2].GetAsync("/panels/spread")).JsonAsync();
            await Assert.That(info.GetProperty("state").GetProperty("count").GetInt32()).IsEqualTo(Triggers);
            await Assert.That(info.GetProperty("version").GetInt64()).IsEqualTo(Triggers);
            foreach (var sequence in sequences)
            {
                await Assert.That(sequence.Select(p => p.Version).ToArray())
                    .IsEquivalentTo(Enumerable.Range(1, Triggers).Select(v => (long)v).ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
                await Assert.That(sequence.Select(p => p.Mutations).SequenceEqual(sequences[0].Select(p => p.Mutations))).IsTrue();
            }
            await Assert.That(sequences[0][^1].Mutations).IsEqualTo("""[{"op":"set","key":"count","value":1000}]""");
        }
        finally
        {
            foreach (var socket in sockets) await socket.DisposeAsync();
        }
    }

    [Test]
    public async Task A_process_killed_mid_stream_loses_no_successful_batch_and_the_panel_keeps_working_through_the_others()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var pods = await RedisPods.StartAsync(redis, 3);
        await (await pods.Clients[0].PostAsync("/panels", JsonContent("""
            {"id":"survivor","kind":"k","initialState":{"seen":[]},"tools":[
              {"name":"add","handler":"$state.seen.push($args.id); return $state.seen.length;"}]}
            """))).JsonAsync(HttpStatusCode.Created);

        var succeeded = new System.Collections.Concurrent.ConcurrentBag<(int Id, int Pod, bool AfterKill)>();
        var failed = new System.Collections.Concurrent.ConcurrentBag<int>();
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var next = -1;
        const int Total = 400;
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            int id;
            while ((id = Interlocked.Increment(ref next)) < Total)
            {
                var afterKill = killed.Task.IsCompleted;
                var pod = afterKill ? (id % 2 == 0 ? 0 : 1) : id % 3;
                try
                {
                    using var response = await pods.Clients[pod].PostAsync("/panels/survivor/trigger/add", JsonContent($$$"""{"args":{"id":{{{id}}}}}"""));
                    var result = await response.JsonAsync();
                    if (result.GetProperty("status").GetString() == "success") succeeded.Add((id, pod, afterKill));
                    else failed.Add(id);
                }
                catch (HttpRequestException)
                {
                    failed.Add(id); // the killed pod: its outcome is unknown (it may have committed before dying)
                }
                if (succeeded.Count >= 100 && !killed.Task.IsCompleted)
                {
                    lock (killed)
                    {
                        if (!killed.Task.IsCompleted)
                        {
                            pods.Pods[2].Signal(9);
                            killed.SetResult();
                        }
                    }
                }
            }
        }));

        await Assert.That(killed.Task.IsCompleted).IsTrue();
        var info = await (await pods.Clients[1].GetAsync("/panels/survivor")).JsonAsync();
        var seen = info.GetProperty("state").GetProperty("seen").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var successes = succeeded.Select(s => s.Id).ToHashSet();

        await Assert.That(seen.Count).IsEqualTo(seen.Distinct().Count()).Because("no batch may be applied twice");
        await Assert.That(successes.Except(seen)).IsEmpty().Because("every successful trigger's batch is in the state");
        await Assert.That(seen.Except(successes).Except(failed)).IsEmpty().Because("only triggers with an unknown outcome may add more");
        await Assert.That(info.GetProperty("version").GetInt64()).IsEqualTo(seen.Count);
        await Assert.That(succeeded.Count(s => s.AfterKill && s.Pod == 0)).IsGreaterThan(10);
        await Assert.That(succeeded.Count(s => s.AfterKill && s.Pod == 1)).IsGreaterThan(10);
        await Assert.That(await pods.Pods[2].WaitForExitAsync(TimeSpan.FromSeconds(10))).IsEqualTo(128 + 9);
    }

    [Test]
    public async Task While_redis_is_stopped_pods_are_not_ready_and_fail_clearly_then_recover_without_restart_and_without_corruption()
    {
        await using var redis = await RedisServer.StartAsync(persistent: true);
        await using var pods = await RedisPods.StartAsync(redis, 2);
        var (one, two) = (pods.Clients[0], pods.Clients[1]);
        await (await one.PostAsync("/panels", Panel("steady"))).JsonAsync(HttpStatusCode.Created);
        for (var i = 0; i < 10; i++) await (await pods.Clients[i % 2].PostAsync("/panels/steady/trigger/inc", null)).JsonAsync();
        await using var socket = await WsClient.ConnectAsync(pods.Pods[1].WsPort, "steady", RedisPods.Token());
        await socket.ReceiveUntilAsync("CONNECTED");

        await redis.StopAsync();
        foreach (var client in pods.Clients)
        {
            await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, "ready 503");
        }
        var ready = await (await one.GetAsync("/health/ready")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        await Assert.That(ready.GetProperty("detail").GetString()).Contains("panel store unreachable");
        await (await two.PostAsync("/panels/steady/trigger/inc", null)).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        await (await one.GetAsync("/panels/steady")).ProblemAsync(HttpStatusCode.ServiceUnavailable, "NOT_READY");
        using (var health = await one.GetAsync("/health")) await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);

        await redis.RestartAsync();
        foreach (var client in pods.Clients)
        {
            await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready 200");
        }
        var info = await (await two.GetAsync("/panels/steady")).JsonAsync();
        await Assert.That(info.GetProperty("state").GetProperty("count").GetInt32()).IsEqualTo(10);
        await Assert.That(info.GetProperty("version").GetInt64()).IsEqualTo(10);
        var after = await (await one.PostAsync("/panels/steady/trigger/inc", null)).JsonAsync();
        await Assert.That(after.GetProperty("returnValue").GetInt32()).IsEqualTo(11);
        // The socket on pod two resyncs (a new CONNECTED at version 10) and then hears the new batch.
        var (patch, _) = await socket.ReceiveUntilAsync("PATCH");
        await Assert.That(patch.GetProperty("version").GetInt64()).IsEqualTo(11);
        foreach (var pod in pods.Pods) await Assert.That(Directory.Exists($"/proc/{pod.Pid}")).IsTrue().Because("the same processes recovered");
    }

    private static async Task<List<(long Version, string Mutations)>> ReadPatchesAsync(WsClient socket, int count)
    {
        var patches = new List<(long, string)>();
        while (patches.Count < count)
        {
            var message = await socket.ReceiveAsync(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("socket closed");
            if (message.GetProperty("type").GetString() == "PATCH")
            {
                patches.Add((message.GetProperty("version").GetInt64(), message.GetProperty("mutations").GetRawText()));
            }
        }
        return patches;
    }
}
