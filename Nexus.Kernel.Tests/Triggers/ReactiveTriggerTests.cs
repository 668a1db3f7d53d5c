using System.Net;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Triggers;

/// <summary>Event and state_change tools against the real server and engine.</summary>
public class ReactiveTriggerTests
{
    private static async Task<HttpClient> CreateAsync(TestKernel kernel, string id, string tools)
    {
        var client = kernel.ClientFor("reactor");
        using var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"{{{id}}}","kind":"k","initialState":{"n":0},"tools":[{{{tools}}},{"name":"sync","handler":"return $state;"}]}
            """));
        await created.JsonAsync(HttpStatusCode.Created);
        return client;
    }

    private static async Task<System.Text.Json.JsonElement> TriggerAsync(HttpClient client, string id, string tool) =>
        await (await client.PostAsync($"/panels/{id}/trigger/{tool}", null)).JsonAsync();

    [Test]
    public async Task An_event_trigger_fires_exactly_once_per_matching_event()
    {
        await using var kernel = await TestKernel.StartAsync();
        var client = await CreateAsync(kernel, "ev", """
            {"name":"order","handler":"$emit('order.created', {id: 7}); $emit('invoice.sent', {});"},
            {"name":"onOrder","handler":"$state.n = $state.n + 1; $state.seen = $args.event;","trigger":{"type":"event","pattern":"order.*"}}
            """);

        await TriggerAsync(client, "ev", "order");
        var state = (await TriggerAsync(client, "ev", "sync")).GetProperty("returnValue");

        await Assert.That(state.GetProperty("n").GetInt32()).IsEqualTo(1);
        await Assert.That(state.GetProperty("seen").GetProperty("name").GetString()).IsEqualTo("order.created");
        await Assert.That(state.GetProperty("seen").GetProperty("payload").GetProperty("id").GetInt32()).IsEqualTo(7);
        await Assert.That(kernel.Service<KernelCounters>().TriggerRuns["event"]).IsEqualTo(1);
    }

    [Test]
    public async Task A_state_change_trigger_fires_once_per_batch_that_changed_its_key()
    {
        await using var kernel = await TestKernel.StartAsync();
        var client = await CreateAsync(kernel, "sc", """
            {"name":"setX","handler":"$state.x = ($state.x ?? 0) + 1; $state.other = 1;"},
            {"name":"setY","handler":"$state.y = 1;"},
            {"name":"onX","handler":"$state.n = $state.n + 1; $state.lastValue = $args.value; $state.key = $args.key;","trigger":{"type":"state_change","key":"x"}}
            """);

        await TriggerAsync(client, "sc", "setX");
        await TriggerAsync(client, "sc", "setY");
        await TriggerAsync(client, "sc", "setX");
        var state = (await TriggerAsync(client, "sc", "sync")).GetProperty("returnValue");

        await Assert.That(state.GetProperty("n").GetInt32()).IsEqualTo(2);
        await Assert.That(state.GetProperty("lastValue").GetInt32()).IsEqualTo(2);
        await Assert.That(state.GetProperty("key").GetString()).IsEqualTo("x");
    }

    [Test]
    public async Task A_self_triggering_chain_stops_at_its_bound_and_the_server_stays_healthy()
    {
        await using var kernel = await TestKernel.StartAsync();
        var client = await CreateAsync(kernel, "loop", """
            {"name":"echo","handler":"$state.n = $state.n + 1; $emit('ping', {});","trigger":{"type":"event","pattern":"ping"}}
            """);

        await TriggerAsync(client, "loop", "echo");
        // Each chained run enqueues the next before it ends; walk the chain with sync calls until it stops growing.
        int previous = -1, n = 0;
        for (var guard = 0; guard < 20 && n != previous; guard++)
        {
            previous = n;
            n = (await TriggerAsync(client, "loop", "sync")).GetProperty("returnValue").GetProperty("n").GetInt32();
        }

        await Assert.That(n).IsEqualTo(1 + Nexus.Kernel.Triggers.ReactiveTriggers.MaxChainDepth);
        await Assert.That(kernel.Service<KernelCounters>().Rejections["trigger_chain_depth"]).IsEqualTo(1);
        await Assert.That(kernel.Log.All).Contains("Stopped a trigger chain at echo on panel loop");
        using var health = await kernel.Http.GetAsync("/health/ready");
        await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);
    }
}
