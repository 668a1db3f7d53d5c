namespace Nexus.Kernel.Tests.Execution;

/// <summary>State crosses into the guest key by key (README "Handlers"): what a handler did not use must behave as if
/// the whole state had been there from the start.</summary>
public sealed class LazyStateTests
{
    private static readonly EngineHarness Harness = new();

    [Test]
    public async Task Writing_a_stored_value_back_unchanged_without_reading_it_commits_nothing()
    {
        var callbacks = new TestCallbacks("""{"a":{"x":[1,"é"]},"b":2}""");
        var result = await Harness.RunAsync("""$state.a = { x: [1, 'é'] }; $state.set('b', 2); return 1;""",
            """{"a":{"x":[1,"é"]},"b":2}""", callbacks: callbacks);

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.StateMutations.Count).IsEqualTo(0);
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Reading_stored_keys_is_not_counted_as_host_calls_but_a_missing_key_is()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MaxHostCalls = 2 });
        var state = "{" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"k{i}\":{i}")) + "}";

        var stored = await harness.RunAsync("let sum = 0; for (let i = 0; i < 10; i++) sum += $state['k' + i]; return sum;", state);
        var missing = await harness.RunAsync("return [$state.x1, $state.x2, $state.x3];", state);

        await Assert.That(stored.ReturnValue!.Value.GetRawText()).IsEqualTo("45");
        await Assert.That(stored.Metrics.HostCalls).IsEqualTo(0);
        await Assert.That(missing.Error!.Message).Contains("MAX_HOST_CALLS");
    }

    [Test]
    public async Task A_write_only_key_can_be_deleted_and_rewritten_without_revealing_whether_it_existed()
    {
        var callbacks = new TestCallbacks("""{"w":1,"r":2}""");
        var result = await Harness.RunAsync("""
            const existed = $state.delete('w');
            const afterDelete = $state.w;
            $state.w = 5;
            return [existed, afterDelete === undefined, $state.w, $state.r];
            """, """{"w":1,"r":2}""", capabilities: ["state:write:w", "state:read:r"], callbacks: callbacks);

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("[false,true,5,2]");
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"r":2,"w":5}""");
        await Assert.That(result.StateMutations.Count).IsEqualTo(1);
    }

    [Test]
    public async Task Keys_lists_untouched_stored_keys_with_the_handlers_changes()
    {
        var result = await Harness.RunAsync("""
            $state.b; delete $state.c; $state.d = 4; $state.a = 0;
            return $state.keys();
            """, """{"a":1,"b":2,"c":3}""");

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""["a","b","d"]""");
    }
}
