using System.Collections.Immutable;
using System.Text.Json;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Tests.Panels;

/// <summary>The size a store keeps per commit (only the touched keys measured) must always equal the whole state's.</summary>
public class StateSizeTests
{
    private static readonly string[] Keys = ["a", "count", "é", "quote\"d", "tab\t", "日本", "emoji😀"];

    private static readonly string[] Values =
        ["0", "12345", "\"x\"", "\"é\\u00e9\"", "[1,2,{\"k\":null}]", "{\"nested\":{\"deep\":[true,false]}}", "\"\"", "null", "1.5e10"];

    [Test]
    public async Task The_size_kept_across_random_batches_equals_the_size_of_the_whole_state()
    {
        var random = new Random(20261206);
        var state = ImmutableDictionary.Create<string, JsonElement>(StringComparer.Ordinal);
        var entries = StateSize.EntriesOf(state);
        for (var round = 0; round < 500; round++)
        {
            var batch = new List<StateMutation>();
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var key = Keys[random.Next(Keys.Length)];
                batch.Add(random.Next(4) == 0
                    ? new StateMutation("delete", key, null)
                    : new StateMutation("set", key, JsonDocument.Parse(Values[random.Next(Values.Length)]).RootElement.Clone()));
            }
            state = StateApplier.Apply(state, batch, ref entries);
            await Assert.That(StateSize.Total(entries, state.Count)).IsEqualTo(StateSize.Of(state));
        }
    }
}
