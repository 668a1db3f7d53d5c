using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>Events, toasts, view commands, logs, time, args, scope, return values; pristine globals.</summary>
public sealed class GuestApiTests
{
    private static readonly EngineHarness Harness = new();

    [Test]
    public async Task Events_and_toasts_are_applied_with_the_batch()
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync("""
            $emit('saved', { id: 7 });
            $emit.toast('Done');
            $emit.toast('Broken', 'error');
            """, callbacks: callbacks);

        await Assert.That(result.Events.Select(e => e.Name).ToArray()).IsEquivalentTo(new[] { "saved", "toast", "toast" });
        await Assert.That(result.Events[0].Payload.GetRawText()).IsEqualTo("""{"id":7}""");
        await Assert.That(result.Events[1].Payload.GetRawText()).IsEqualTo("""{"message":"Done","level":"info"}""");
        await Assert.That(result.Events[2].Payload.GetRawText()).IsEqualTo("""{"message":"Broken","level":"error"}""");
        await Assert.That(result.Events[0].Timestamp).IsGreaterThan(0);
        await Assert.That(callbacks.Commits.Single().Events.Count).IsEqualTo(3);
    }

    [Test]
    public async Task View_commands()
    {
        var result = await Harness.RunAsync("""
            $view.setFilter('list', 'abc');
            $view.scrollTo('list', 10);
            $view.focus('input');
            $view.command('grid', 'sort', { by: 'name' });
            """);

        var commands = result.ViewCommands.Select(c => $"{c.ViewId}.{c.Command}{c.Params.GetRawText()}").ToArray();
        await Assert.That(commands).IsEquivalentTo(new[]
        {
            """list.setFilter{"filter":"abc"}""", """list.scrollTo{"position":10}""", "input.focus{}", """grid.sort{"by":"name"}""",
        });
    }

    [Test]
    public async Task Logs_reach_the_kernel_log_with_panel_and_tool()
    {
        await using var harness = new EngineHarness();
        var result = await harness.RunAsync("$log.info('hello', { a: 1 }); $log.error('bad', 2);", toolName: "logger");

        await Assert.That(result.Status).IsEqualTo("success");
        var entries = harness.Logger.Entries;
        await Assert.That(entries.Any(e => e.EventId == 6011 && e.Message.Contains("panel_test/logger") && e.Message.EndsWith("""hello {"a":1}"""))).IsTrue();
        await Assert.That(entries.Any(e => e.EventId == 6013 && e.Message.EndsWith("bad 2"))).IsTrue();
    }

    [Test]
    public async Task Time_args_and_scope()
    {
        await using var harness = new EngineHarness(time: new FixedTime(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123)));
        var result = await harness.RunAsync("return [$time.now(), $args.x, $scope.team];", argsJson: """{"x":5}""", scopeJson: """{"team":"blue"}""");

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""[1700000000123,5,"blue"]""");
    }

    [Test]
    public async Task Undefined_return_has_no_value_and_metrics_are_filled()
    {
        var result = await Harness.RunAsync("$state.get('a');", """{"a":1}""");

        await Assert.That(result.ReturnValue).IsNull();
        await Assert.That(result.Metrics.HostCalls).IsEqualTo(0);
        await Assert.That(result.Metrics.ExecutionTimeUs).IsGreaterThan(0);
        await Assert.That(result.Metrics.MemoryPeakBytes).IsGreaterThan(0);
    }

    [Test]
    public async Task Globals_never_survive_an_execution_same_tool_or_another()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MaxInstances = 1, MinInstances = 1 });
        const string polluter = """
            const before = [typeof leak, typeof [].evil, typeof ({}).bad];
            globalThis.leak = 1; Array.prototype.evil = 1; Object.prototype.bad = 2;
            return before;
            """;
        var tool = await harness.CompileAsync(polluter, "a");

        var first = await harness.ExecuteAsync(tool, polluter);
        var sameTool = await harness.ExecuteAsync(tool, polluter);
        var otherTool = await harness.RunAsync("return [typeof leak, typeof [].evil, typeof ({}).bad];", toolName: "b");

        const string pristine = """["undefined","undefined","undefined"]""";
        await Assert.That(first.ReturnValue!.Value.GetRawText()).IsEqualTo(pristine);
        await Assert.That(sameTool.ReturnValue!.Value.GetRawText()).IsEqualTo(pristine);
        await Assert.That(otherTool.ReturnValue!.Value.GetRawText()).IsEqualTo(pristine);
    }

    [Test]
    public async Task Eval_Function_timers_and_host_internals_do_not_exist()
    {
        var result = await Harness.RunAsync("return [typeof eval, typeof Function, typeof setTimeout, typeof setInterval, typeof __nexus_host, typeof console];");

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("""["undefined","undefined","undefined","undefined","undefined","undefined"]""");
    }

    [Test]
    public async Task Code_generation_from_strings_is_disabled()
    {
        var result = await Harness.RunAsync("return (async function () {}).constructor('return 1');");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ExecutionError);
        await Assert.That(result.Error.Message).Contains("code generation from strings is disabled");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
