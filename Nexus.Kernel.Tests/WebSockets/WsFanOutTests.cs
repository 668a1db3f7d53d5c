using System.Net.WebSockets;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>PATCH, EVENT and RESULT through real sockets with the real engine.</summary>
public class WsFanOutTests
{
    private static async Task CreateAsync(TestKernel kernel, string id)
    {
        using var client = kernel.ClientFor("fan");
        using var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"{{{id}}}","kind":"k","initialState":{"count":0},"tools":[
              {"name":"inc","handler":"$state.count = $state.count + 1; $emit('bumped', {count: $state.count}); return $state.count;"},
              {"name":"big","handler":"$state.count = $state.count + 1; $state.blob = 'x'.repeat(16384) + $state.count;"}]}
            """));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [Test]
    public async Task A_trigger_gives_its_sender_patch_then_result_and_every_state_subscriber_the_same_patch()
    {
        await using var kernel = await TestKernel.StartAsync();
        await CreateAsync(kernel, "two");
        await using var sender = await WsClient.ConnectAsync(kernel.WsPort, "two", kernel.Token("fan"));
        await using var watcher = await WsClient.ConnectAsync(kernel.HttpPort, "two", kernel.Token("fan"));
        await using var eventsOnly = await WsClient.ConnectAsync(kernel.WsPort, "two", kernel.Token("fan"));
        var connectedVersion = (await sender.ReceiveAsync())!.Value.GetProperty("version").GetInt64();
        await watcher.ReceiveAsync();
        await eventsOnly.ReceiveAsync();
        await eventsOnly.SendAsync("""{"type":"UNSUBSCRIBE","topics":["state"]}""");
        await eventsOnly.SendAsync("""{"type":"PING","requestId":"ready"}""");
        await eventsOnly.ReceiveUntilAsync("PONG");

        await sender.SendAsync("""{"type":"TRIGGER","tool":"inc","requestId":42}""");

        var (result, beforeResult) = await sender.ReceiveUntilAsync("RESULT");
        await Assert.That(result.GetProperty("requestId").GetInt32()).IsEqualTo(42);
        await Assert.That(result.GetProperty("result").GetProperty("status").GetString()).IsEqualTo("success");
        await Assert.That(result.GetProperty("result").GetProperty("returnValue").GetInt32()).IsEqualTo(1);
        var senderPatch = beforeResult.Single(m => m.GetProperty("type").GetString() == "PATCH");
        await Assert.That(senderPatch.GetProperty("version").GetInt64()).IsEqualTo(connectedVersion + 1);
        await Assert.That(string.Join(",", beforeResult.Select(m => m.GetProperty("type").GetString()))).IsEqualTo("PATCH,EVENT");

        var (watcherEvent, watcherBefore) = await watcher.ReceiveUntilAsync("EVENT");
        await Assert.That(watcherBefore.Single().GetRawText()).IsEqualTo(senderPatch.GetRawText());
        await Assert.That(watcherEvent.GetProperty("event").GetProperty("name").GetString()).IsEqualTo("bumped");

        var (onlyEvent, onlyBefore) = await eventsOnly.ReceiveUntilAsync("EVENT");
        await Assert.That(onlyBefore).IsEmpty();
        await Assert.That(onlyEvent.GetProperty("event").GetProperty("payload").GetProperty("count").GetInt32()).IsEqualTo(1);
    }

    [Test]
    public async Task A_thousand_triggers_from_ten_clients_reach_every_client_in_the_same_gap_free_order()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["PANEL_QUEUE_LIMIT"] = "2000", ["WS_RATE_LIMIT"] = "100000", ["WS_RATE_BURST"] = "100000",
        });
        await CreateAsync(kernel, "many");
        var clients = new List<WsClient>();
        for (var i = 0; i < 10; i++) clients.Add(await WsClient.ConnectAsync(kernel.WsPort, "many", kernel.Token("fan")));
        try
        {
            var starts = new List<long>();
            foreach (var client in clients)
            {
                starts.Add((await client.ReceiveAsync())!.Value.GetProperty("version").GetInt64());
                await client.SendAsync("""{"type":"UNSUBSCRIBE","topics":["events"]}""");
                // A connection handles its messages in order, so its PONG means the UNSUBSCRIBE took effect before
                // any client's TRIGGER can emit an event.
                await client.SendAsync("""{"type":"PING","requestId":"unsubscribed"}""");
                await client.ReceiveUntilAsync("PONG");
            }
            await Task.WhenAll(clients.Select(async client =>
            {
                for (var i = 0; i < 100; i++) await client.SendAsync($$"""{"type":"TRIGGER","tool":"inc","requestId":{{i}}}""");
            }));

            var sequences = await Task.WhenAll(clients.Select(async (client, index) =>
            {
                var versions = new List<long>();
                var results = 0;
                while (versions.Count < 1000 || results < 100)
                {
                    var message = (await client.ReceiveAsync())!.Value;
                    switch (message.GetProperty("type").GetString())
                    {
                        case "PATCH": versions.Add(message.GetProperty("version").GetInt64()); break;
                        case "RESULT": results++; break;
                        default: throw new InvalidOperationException("unexpected " + message.GetRawText());
                    }
                }
                return versions;
            }));

            foreach (var (versions, index) in sequences.Select((v, i) => (v, i)))
            {
                await Assert.That(versions).IsEquivalentTo(Enumerable.Range(1, 1000).Select(v => starts[index] + v).ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
            }
            var state = await (await kernel.ClientFor("fan").GetAsync("/panels/many/state")).JsonAsync();
            await Assert.That(state.GetProperty("count").GetInt32()).IsEqualTo(1000);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Test]
    public async Task A_slow_reader_is_closed_1008_while_the_others_receive_every_patch()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?>
        {
            ["WS_SEND_QUEUE_BYTES"] = "65536", ["PANEL_QUEUE_LIMIT"] = "2000",
        });
        await CreateAsync(kernel, "slow");
        await using var slow = await WsClient.ConnectAsync(kernel.WsPort, "slow", kernel.Token("fan"));
        await using var reader = await WsClient.ConnectAsync(kernel.WsPort, "slow", kernel.Token("fan"));
        var start = (await reader.ReceiveAsync())!.Value.GetProperty("version").GetInt64();
        const int Triggers = 600;
        // The slow client never reads after this point. 600 PATCHes of 16 KiB (9.4 MiB) overflow its socket buffers,
        // then its 64 KiB queue, and it is cut off; the reader, reading all along, must still get every one of them.
        // The next trigger waits until the reader has its PATCH, so the reader is never behind, however loaded the machine.
        var seen = new List<long>();
        using var patchSeen = new SemaphoreSlim(0);
        var reading = Task.Run(async () =>
        {
            while (seen.Count < Triggers)
            {
                var message = (await reader.ReceiveAsync())!.Value;
                if (message.GetProperty("type").GetString() != "PATCH") continue;
                seen.Add(message.GetProperty("version").GetInt64());
                patchSeen.Release();
            }
        });
        using var http = kernel.ClientFor("fan");
        for (var i = 0; i < Triggers; i++)
        {
            using var response = await http.PostAsync("/panels/slow/trigger/big", null);
            await Assert.That((int)response.StatusCode).IsEqualTo(200);
            await patchSeen.WaitAsync();
        }
        await reading;
        await Assert.That(seen).IsEquivalentTo(Enumerable.Range(1, Triggers).Select(v => start + v).ToList(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(kernel.Log.All).Contains("it does not read and its send queue passed 65536 bytes");

        await Assert.That(await slow.ReceiveCloseAsync()).IsEqualTo(WebSocketCloseStatus.PolicyViolation);
        await Assert.That(slow.Socket.CloseStatusDescription).IsEqualTo("Send queue full");
    }
}
