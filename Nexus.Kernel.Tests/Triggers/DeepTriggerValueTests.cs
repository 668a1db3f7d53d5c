using System.Net;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Triggers;

/// <summary>
/// A value nested the full 64 levels a handler may write is carried inside <c>$args</c> of the reactive runs it
/// fires (<c>$args.value</c>, <c>$args.event.payload</c>): those envelopes must read it back too.
/// </summary>
public class DeepTriggerValueTests
{
    private const string Depth =
        "const depth = (x) => Array.isArray(x) ? 1 + depth(x[0]) : x !== null && typeof x === 'object' ? 1 + depth(x.k) : 0;";

    [Test]
    public async Task State_change_and_event_runs_see_a_64_level_value()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("reactor");
        var set = JsonSerializer.Serialize(
            "let v = 0; for (let i = 0; i < 64; i++) v = i % 2 ? { k: v } : [v]; $state.v = v; $emit('deep', v);", TestJson.Default.String);
        var onV = JsonSerializer.Serialize(Depth + " $state.sawV = depth($args.value);", TestJson.Default.String);
        var onE = JsonSerializer.Serialize(Depth + " $state.sawE = depth($args.event.payload);", TestJson.Default.String);
        using (var created = await client.PostAsync("/panels", JsonContent($$$"""
            {"id":"p","kind":"k","initialState":{},"tools":[
              {"name":"set","handler":{{{set}}}},
              {"name":"onV","handler":{{{onV}}},"trigger":{"type":"state_change","key":"v"}},
              {"name":"onE","handler":{{{onE}}},"trigger":{"type":"event","pattern":"deep"}},
              {"name":"sync","handler":"return [$state.sawV ?? null, $state.sawE ?? null];"}]}
            """)))
        {
            await created.JsonAsync(HttpStatusCode.Created);
        }

        await GuestPanelsTrigger(client, "set");
        // The reactive runs were queued before this one (first in, first out).
        var seen = await GuestPanelsTrigger(client, "sync");

        await Assert.That(seen.GetProperty("returnValue").GetRawText()).IsEqualTo("[64,64]").Because(kernel.Log.All);
    }

    private static async Task<JsonElement> GuestPanelsTrigger(HttpClient client, string tool)
    {
        using var response = await client.PostAsync($"/panels/p/trigger/{tool}", null);
        var body = await response.Content.ReadAsStringAsync();
        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.OK).Because(body);
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 128 });
        return document.RootElement.Clone();
    }
}
