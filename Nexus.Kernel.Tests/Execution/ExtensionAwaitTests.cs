using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>Awaiting $ext calls: flush before the I/O, progress, resume, rejections, deadline.</summary>
public sealed class ExtensionAwaitTests
{
    private static readonly string[] WithTest = ["state:read:*", "state:write:*", "events:emit:*", "view:update:*", "ext:test"];

    [Test]
    public async Task Batch_is_flushed_before_the_await_and_the_value_comes_back()
    {
        await using var harness = new EngineHarness();
        const string handler = """
            $state.before = 1;
            $emit('started', {});
            const v = await $ext.test.wait('q');
            $state.after = v.n;
            return v;
            """;
        var callbacks = new TestCallbacks();
        var running = harness.RunAsync(handler, capabilities: WithTest, callbacks: callbacks);

        var call = await harness.Extension.NextWaitAsync();
        // The extension's task is still pending: the first batch must already be applied.
        await Assert.That(callbacks.Commits.Count).IsEqualTo(1);
        await Assert.That(callbacks.Commits[0].Mutations.Single().Key).IsEqualTo("before");
        await Assert.That(callbacks.Commits[0].Events.Single().Name).IsEqualTo("started");
        await Assert.That(callbacks.Progress.Select(p => p.Status).ToArray()).IsEquivalentTo(new[] { "suspended" });
        await Assert.That(call.Args.GetRawText()).IsEqualTo("""["q"]""");
        await Assert.That(running.IsCompleted).IsFalse();
        await Assert.That(harness.Engine.SuspendedExecutions).IsEqualTo(1);

        call.Completion.SetResult(System.Text.Json.JsonDocument.Parse("""{"n":42}""").RootElement.Clone());
        var result = await running;

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""{"n":42}""");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(2);
        await Assert.That(result.StateMutations.Select(m => m.Key).ToArray()).IsEquivalentTo(new[] { "before", "after" });
        await Assert.That(callbacks.Progress.Select(p => $"{p.Status}:{p.Extension}.{p.Method}").ToArray())
            .IsEquivalentTo(new[] { "suspended:test.wait", "resumed:test.wait" });
    }

    [Test]
    public async Task Failed_call_rejects_a_promise_the_guest_can_catch()
    {
        await using var harness = new EngineHarness();
        var result = await harness.RunAsync("""
            try { await $ext.test.fail('x'); } catch (e) { return [e.code, e.message]; }
            """, capabilities: WithTest);

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).Contains("EXTENSION_ERROR");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).Contains("upstream refused x");
    }

    [Test]
    public async Task Uncaught_failure_is_an_extension_error_with_the_cause()
    {
        await using var harness = new EngineHarness();
        var callbacks = new TestCallbacks();
        var result = await harness.RunAsync("$state.a = 1; await $ext.test.fail('y'); $state.b = 2;", capabilities: WithTest, callbacks: callbacks);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ExtensionError);
        await Assert.That(result.Error.Message).Contains("upstream refused y");
        // The batch before the await was flushed and stays; the one after is dropped.
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"a":1}""");
        await Assert.That(result.StateMutations.Single().Key).IsEqualTo("a");
    }

    [Test]
    public async Task Unknown_extension_and_method()
    {
        await using var harness = new EngineHarness();
        var unknownExtension = await harness.RunAsync("await $ext.nope.get();", capabilities: ["ext:*"]);
        var unknownMethod = await harness.RunAsync("await $ext.test.nope();", capabilities: ["ext:test"]);
        var caught = await harness.RunAsync("try { await $ext.test.nope(); } catch (e) { return e.code; }", capabilities: ["ext:test"]);

        await Assert.That(unknownExtension.Error!.Code).IsEqualTo(ExecutionErrorCodes.ExtensionNotFound);
        await Assert.That(unknownMethod.Error!.Code).IsEqualTo(ExecutionErrorCodes.MethodNotFound);
        await Assert.That(caught.ReturnValue!.Value.GetRawText()).IsEqualTo("\"METHOD_NOT_FOUND\"");
    }

    [Test]
    public async Task Deadline_passing_while_awaiting_is_a_timeout()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { TimeoutMs = 200, ExecutionDeadlineMs = 400 });
        var callbacks = new TestCallbacks();
        var result = await harness.RunAsync("$state.a = 1; await $ext.test.wait(); $state.b = 2;", capabilities: WithTest, callbacks: callbacks);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.Timeout);
        await Assert.That(result.Error.Message).Contains("EXECUTION_DEADLINE_MS");
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"a":1}""");
        await Assert.That(harness.Engine.SuspendedExecutions).IsEqualTo(0);
    }

    [Test]
    public async Task A_call_past_its_own_timeout_rejects_and_the_guest_can_catch_it()
    {
        await using var harness = new EngineHarness(extension: new TestExtension { Timeout = TimeSpan.FromMilliseconds(50) });
        var result = await harness.RunAsync("try { await $ext.test.wait(); } catch (e) { return [e.code, e.message]; }", capabilities: WithTest);

        await Assert.That(result.Status).IsEqualTo("success");
        await Assert.That(result.ReturnValue!.Value.GetRawText()).Contains("timed out after 50 ms");
    }

    [Test]
    public async Task Awaiting_beyond_MAX_SUSPENDED_is_a_resource_limit()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MaxSuspended = 0 });
        var result = await harness.RunAsync("await $ext.test.echo(1);", capabilities: WithTest);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_SUSPENDED");
    }

    [Test]
    public async Task Several_calls_in_flight_resolve_in_any_order()
    {
        await using var harness = new EngineHarness();
        var result = await harness.RunAsync("""
            const [a, b] = await Promise.all([$ext.test.echo(1), $ext.test.echo('two')]);
            return [a, b];
            """, capabilities: WithTest);

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""[[1],["two"]]""");
    }

    [Test]
    public async Task A_promise_nothing_can_settle_is_an_error_not_a_hang()
    {
        await using var harness = new EngineHarness();
        var result = await harness.RunAsync("await new Promise(() => {});");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ExecutionError);
        await Assert.That(result.Error.Message).Contains("never settle");
    }
}
