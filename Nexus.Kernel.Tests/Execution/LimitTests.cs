using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>Every limit is terminal, has its code, and cannot be swallowed by guest try/catch.</summary>
public sealed class LimitTests
{
    private static readonly EngineHarness Harness = new(EngineHarness.Defaults with
    {
        TimeoutMs = 300, MemoryLimitMb = 8, MaxEvents = 3, MaxLogBytes = 64, MaxHostCalls = 1000, MaxStateMutations = 1000,
    });

    [Test]
    public async Task Endless_loop_times_out()
    {
        var result = await Harness.RunAsync("while (true) {}");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.Timeout);
        await Assert.That(result.Error.Message).Contains("TIMEOUT_MS");
    }

    [Test]
    public async Task Endless_loop_is_stopped_by_its_cpu_time_not_by_the_later_backstop()
    {
        // The interrupt poll reads the CPU clock once the slice's wall time passes the budget; the epoch backstop
        // would only stop the loop after 4 x TIMEOUT_MS + 0.5 s of wall time, by then with ~1.7 s of CPU on an idle
        // core. One-sided and generous: 1.5 x the budget. No lower bound: a worker starved below a quarter of a core
        // (a loaded CI host) is stopped by that backstop first, legitimately, with less than the budget used.
        var result = await Harness.RunAsync("while (true) {}");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.Timeout);
        await Assert.That(result.Metrics.ExecutionTimeUs).IsLessThan(450_000);
    }

    [Test]
    public async Task Endless_loop_inside_try_catch_still_times_out_and_drops_the_batch()
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync("$state.a = 1; try { while (true) {} } catch (e) { $state.caught = true; } return 'escaped';", callbacks: callbacks);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.Timeout);
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Wall_clock_deadline_stops_a_loop_before_the_cpu_timeout()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { TimeoutMs = 5000, ExecutionDeadlineMs = 200 });
        var result = await harness.RunAsync("while (true) {}");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.Timeout);
        await Assert.That(result.Error.Message).Contains("EXECUTION_DEADLINE_MS");
    }

    [Test]
    public async Task Memory_bomb_hits_the_memory_limit()
    {
        var result = await Harness.RunAsync("const a = []; while (true) a.push('x'.repeat(100000) + a.length);");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.MemoryLimit);
    }

    [Test]
    public async Task Memory_bomb_inside_try_catch_still_hits_the_memory_limit()
    {
        var result = await Harness.RunAsync("""
            try { const a = []; while (true) a.push('x'.repeat(100000) + a.length); } catch (e) { return 'caught'; }
            """);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.MemoryLimit);
    }

    [Test]
    public async Task Runaway_recursion_inside_try_catch_is_still_a_resource_limit()
    {
        var result = await Harness.RunAsync("function f(n) { return f(n + 1) + 1; } try { return f(0); } catch { return 'caught'; }");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
    }

    [Test]
    public async Task Runaway_recursion_is_a_resource_limit()
    {
        var result = await Harness.RunAsync("function f(n) { return f(n + 1) + 1; } return f(0);");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
    }

    [Test]
    public async Task Ten_thousand_writes_hit_a_resource_limit_and_apply_nothing()
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync("for (let i = 0; i < 10000; i++) $state['k' + i] = i;", callbacks: callbacks);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
        await Assert.That(result.StateMutations.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Too_many_state_keys_changed_in_one_execution()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MaxStateMutations = 5 });
        var result = await harness.RunAsync("for (let i = 0; i < 6; i++) $state['k' + i] = i;");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_STATE_MUTATIONS");
    }

    [Test]
    public async Task Too_many_events_even_when_caught()
    {
        var result = await Harness.RunAsync("for (let i = 0; i < 10; i++) { try { $emit('e', i); } catch {} } return 'done';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Events.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Too_much_log_output()
    {
        var result = await Harness.RunAsync("for (let i = 0; i < 10; i++) $log.info('0123456789abcdef');");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_LOG_BYTES");
    }

    [Test]
    public async Task Too_many_host_calls()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MaxHostCalls = 50 });
        var result = await harness.RunAsync("for (let i = 0; i < 100; i++) $time.now();");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_HOST_CALLS");
    }

    [Test]
    public async Task The_smallest_allowed_memory_limit_still_runs_handlers()
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { MemoryLimitMb = 4 });
        var ok = await harness.RunAsync("const a = []; for (let i = 0; i < 1000; i++) a.push({ i }); return a.length;");
        var bomb = await harness.RunAsync("const a = []; while (true) a.push('x'.repeat(10000) + a.length);");

        await Assert.That(ok.ReturnValue!.Value.GetRawText()).IsEqualTo("1000");
        await Assert.That(bomb.Error!.Code).IsEqualTo(ExecutionErrorCodes.MemoryLimit);
    }

    [Test]
    public async Task The_engine_goes_on_after_limits()
    {
        await Harness.RunAsync("while (true) {}");
        await Harness.RunAsync("function f() { return f(); } f();");
        var result = await Harness.RunAsync("return 41 + 1;");

        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("42");
    }
}
