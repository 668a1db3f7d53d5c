using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>The engine through the real server: many HTTP triggers at once on one panel are serialized, none lost.</summary>
public class ConcurrentTriggerTests
{
    [Test]
    public async Task Two_hundred_concurrent_http_triggers_count_to_exactly_200_each_seeing_a_distinct_value()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["PANEL_QUEUE_LIMIT"] = "256" });
        using var client = kernel.ClientFor("counter");
        using var created = await client.PostAsync("/panels", JsonContent("""
            {"id":"c200","kind":"counter","initialState":{"count":0},
             "tools":[{"name":"inc","handler":"$state.count = $state.count + 1; return $state.count;"}]}
            """));
        await created.JsonAsync(System.Net.HttpStatusCode.Created);

        var triggers = Enumerable.Range(0, 200).Select(async _ =>
        {
            using var response = await client.PostAsync("/panels/c200/trigger/inc", null);
            var result = await response.JsonAsync();
            return result.GetProperty("returnValue").GetInt32();
        });
        var values = await Task.WhenAll(triggers);

        await Assert.That(values.Order().ToArray()).IsEquivalentTo(Enumerable.Range(1, 200).ToArray(), TUnit.Assertions.Enums.CollectionOrdering.Matching);
        var info = await (await client.GetAsync("/panels/c200")).JsonAsync();
        await Assert.That(info.GetProperty("state").GetProperty("count").GetInt32()).IsEqualTo(200);
        await Assert.That(info.GetProperty("version").GetInt64()).IsEqualTo(200);
    }
}
