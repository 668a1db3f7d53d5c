using System.Text;
using System.Text.Json;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Panels.Redis;
using static Nexus.Kernel.Tests.Panels.Redis.RedisTestData;
using static Nexus.Kernel.Tests.Support.HostileJson;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>
/// A value may nest 64 levels on its own; inside the store's envelopes (a feed message, a stored definition) it sits
/// deeper, and must still read back exactly.
/// </summary>
public class DeepValueTests
{
    [Test]
    public async Task A_feed_message_carrying_64_level_values_reads_back()
    {
        var deep = JsonOf(Nested(64));
        var message = """{"s":1,"v":2,"m":""" + FeedCodec.Mutations([StateMutation.Set("v", deep)]) +
            ""","e":""" + FeedCodec.Events([new EmittedEvent("e", deep, 1)]) + "}";

        var read = FeedCodec.Read(Encoding.UTF8.GetBytes(message));

        await Assert.That(read.Mutations![0].Value!.Value.GetRawText()).IsEqualTo(Nested(64));
        await Assert.That(read.Events[0].Payload.GetRawText()).IsEqualTo(Nested(64));
    }

    [Test]
    public async Task A_definition_and_state_with_64_level_values_read_back_on_another_pod()
    {
        await using var server = await RedisServer.StartAsync();
        var prefix = Prefix();
        await using var a = Pod(server, prefix);
        await using var b = Pod(server, prefix);
        var definition = Definition("deep") with { Scope = JsonOf(Nested(64)), Metadata = JsonOf(Nested(64)) };
        var state = new Dictionary<string, JsonElement> { ["v"] = JsonOf(Nested(64)) };
        await a.CreateAsync(definition, state, Roomy, default);

        var stored = (await b.GetAsync("deep", default))!;
        var values = (await b.GetStateAsync("deep", default))!.Values;

        await Assert.That(stored.Definition.Scope.GetRawText()).IsEqualTo(Nested(64));
        await Assert.That(stored.Definition.Metadata!.Value.GetRawText()).IsEqualTo(Nested(64));
        await Assert.That(values["v"].GetRawText()).IsEqualTo(Nested(64));
    }
}
