using System.Text.Json;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>$state in both styles, own-write reads, nested changes found by diffing at the flush.</summary>
public sealed class StateApiTests
{
    private static readonly EngineHarness Harness = new();

    [Test]
    public async Task Method_style_get_set_delete_has_keys_update()
    {
        var callbacks = new TestCallbacks("""{"a":1,"b":2,"list":[1]}""");
        var result = await Harness.RunAsync("""
            $state.set('c', 3);
            const deleted = $state.delete('a');
            return [$state.get('b'), $state.has('a'), $state.has('c'), $state.keys().sort(), $state.update('b', v => v + 10), $state.get('c'), deleted];
            """, """{"a":1,"b":2,"list":[1]}""", callbacks: callbacks);

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""[2,false,true,["b","c","list"],12,3,true]""");
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"b":12,"c":3,"list":[1]}""");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(1);
        await Assert.That(result.StateMutations.Count).IsEqualTo(3);
    }

    [Test]
    public async Task Property_style_reads_writes_deletes_and_in()
    {
        var callbacks = new TestCallbacks("""{"a":1,"b":2}""");
        var result = await Harness.RunAsync("""
            $state.c = 3;
            delete $state.a;
            $state.b += 1;
            return ['b' in $state, 'a' in $state, $state.c, $state.missing === undefined];
            """, """{"a":1,"b":2}""", callbacks: callbacks);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("[true,false,3,true]");
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"b":3,"c":3}""");
    }

    [Test]
    public async Task Reads_see_own_writes_including_nested_changes()
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync("""
            $state.x = { n: 1 };
            $state.x.n++;
            $state.set('y', [1]);
            $state.get('y').push(2);
            return [$state.x.n, $state.y.length];
            """, callbacks: callbacks);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("[2,2]");
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"x":{"n":2},"y":[1,2]}""");
    }

    [Test]
    public async Task Nested_push_on_a_read_key_is_a_mutation_of_that_key()
    {
        var callbacks = new TestCallbacks("""{"items":[0],"other":true}""");
        var result = await Harness.RunAsync("$state.items.push(1);", """{"items":[0],"other":true}""", callbacks: callbacks);

        await Assert.That(result.StateMutations.Count).IsEqualTo(1);
        await Assert.That(result.StateMutations[0].Op).IsEqualTo("set");
        await Assert.That(result.StateMutations[0].Key).IsEqualTo("items");
        await Assert.That(result.StateMutations[0].Value!.Value.GetRawText()).IsEqualTo("[0,1]");
    }

    [Test]
    public async Task Reading_without_changes_commits_nothing()
    {
        var callbacks = new TestCallbacks("""{"a":{"deep":[1,2]}}""");
        var result = await Harness.RunAsync("return $state.a.deep[1];", """{"a":{"deep":[1,2]}}""", callbacks: callbacks);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("2");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
        await Assert.That(result.StateMutations.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Setting_undefined_deletes_the_key()
    {
        var callbacks = new TestCallbacks("""{"a":1}""");
        var result = await Harness.RunAsync("$state.a = undefined;", """{"a":1}""", callbacks: callbacks);

        await Assert.That(result.StateMutations.Single().Op).IsEqualTo("delete");
        await Assert.That(callbacks.StateJson()).IsEqualTo("{}");
    }

    // The prelude writes numbers, booleans and null without JSON.stringify (perf-guest.md §3): the text must be what
    // JSON.stringify would have written, the non-finite numbers and negative zero included.
    [Test]
    public async Task Numbers_booleans_and_null_are_stored_as_JSON_stringify_writes_them()
    {
        var callbacks = new TestCallbacks("""{"same":1e21,"loose":1.0}""");
        var result = await Harness.RunAsync("""
            const values = { nan: NaN, inf: -Infinity, negZero: -0, big: 1e21, tiny: 5e-324, sum: 0.1 + 0.2, neg: -42, t: true, f: false, n: null };
            for (const key of Object.keys(values)) $state[key] = values[key];
            $state.same = $state.same; // stored as 1e21, written back unchanged
            $state.loose = $state.loose; // stored as 1.0: the same number, so no change either
            return JSON.stringify(values);
            """, """{"same":1e21,"loose":1.0}""", callbacks: callbacks);

        await Assert.That(result.Status).IsEqualTo("success");
        var expected = JsonDocument.Parse(result.ReturnValue!.Value.GetString()!).RootElement;
        var written = result.StateMutations.ToDictionary(m => m.Key, m => m.Value!.Value.GetRawText());
        await Assert.That(written.Count).IsEqualTo(10);
        foreach (var property in expected.EnumerateObject())
        {
            await Assert.That(written[property.Name]).IsEqualTo(property.Value.GetRawText());
        }
        await Assert.That(written["big"]).IsEqualTo("1e+21");
        await Assert.That(written["nan"]).IsEqualTo("null");
        await Assert.That(written["negZero"]).IsEqualTo("0");
    }

    [Test]
    [Arguments("-0", "0")]
    [Arguments("NaN", "null")]
    [Arguments("-Infinity", "null")]
    [Arguments("1e21", "1e+21")]
    [Arguments("0.1 + 0.2", "0.30000000000000004")]
    [Arguments("false", "false")]
    [Arguments("null", "null")]
    [Arguments("'a\"b'", "\"a\\\"b\"")]
    public async Task A_returned_value_is_what_JSON_stringify_writes(string expression, string expected)
    {
        var result = await Harness.RunAsync($"return {expression};");

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo(expected);
    }
}
