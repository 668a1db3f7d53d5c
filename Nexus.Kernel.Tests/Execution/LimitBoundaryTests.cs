using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>Each per-execution limit at its exact boundary: the cap passes, one more fails with RESOURCE_LIMIT naming it.</summary>
public sealed class LimitBoundaryTests
{
    private const int Events = 3;
    private const int HostCalls = 8;
    private const int LogBytes = 64;
    private const int StateMutations = 5;

    private static readonly EngineHarness Harness = new(EngineHarness.Defaults with
    {
        MaxEvents = Events, MaxHostCalls = HostCalls, MaxLogBytes = LogBytes, MaxStateMutations = StateMutations,
    });

    [Test]
    public async Task Max_events_at_the_cap_succeeds_with_every_event()
    {
        var result = await Harness.RunAsync($"for (let i = 0; i < {Events}; i++) $emit('e', i); return 'done';");

        await Assert.That(result.Error).IsNull();
        await Assert.That(result.Events.Count).IsEqualTo(Events);
    }

    [Test]
    public async Task One_event_over_max_events_is_a_resource_limit_and_emits_nothing()
    {
        var result = await Harness.RunAsync($"for (let i = 0; i < {Events + 1}; i++) $emit('e', i); return 'done';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_EVENTS");
        await Assert.That(result.Events.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Max_host_calls_at_the_cap_succeeds()
    {
        var result = await Harness.RunAsync($"for (let i = 0; i < {HostCalls}; i++) $time.now(); return 'done';");

        await Assert.That(result.Error).IsNull();
        await Assert.That(result.Metrics.HostCalls).IsEqualTo(HostCalls);
    }

    [Test]
    public async Task One_host_call_over_the_cap_is_a_resource_limit()
    {
        var result = await Harness.RunAsync($"for (let i = 0; i < {HostCalls + 1}; i++) $time.now(); return 'done';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_HOST_CALLS");
    }

    [Test]
    public async Task Log_output_of_exactly_max_log_bytes_succeeds()
    {
        // Two messages adding up to the cap, so a per-message check would not pass for the total.
        var result = await Harness.RunAsync($"$log.info('a'.repeat({LogBytes - 10})); $log.info('b'.repeat(10)); return 'done';");

        await Assert.That(result.Error).IsNull();
    }

    [Test]
    public async Task One_log_byte_over_the_cap_is_a_resource_limit()
    {
        var result = await Harness.RunAsync($"$log.info('a'.repeat({LogBytes - 10})); $log.info('b'.repeat(11)); return 'done';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_LOG_BYTES");
    }

    [Test]
    public async Task Log_bytes_count_utf8_not_utf16()
    {
        // 'é' is one UTF-16 unit and two UTF-8 bytes: 33 of them are 66 bytes, over a 64-byte cap.
        var result = await Harness.RunAsync("$log.info('é'.repeat(33)); return 'done';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_LOG_BYTES");
    }

    [Test]
    public async Task Changing_max_state_mutations_keys_succeeds_and_writing_one_of_them_again_does_not_count()
    {
        var result = await Harness.RunAsync($"for (let i = 0; i < {StateMutations}; i++) $state['k' + i] = i; $state.k0 = 'again'; return 'done';");

        await Assert.That(result.Error).IsNull();
        await Assert.That(result.StateMutations.Count).IsEqualTo(StateMutations);
    }

    [Test]
    public async Task Changing_one_key_more_is_a_resource_limit()
    {
        var result = await Harness.RunAsync($"for (let i = 0; i <= {StateMutations}; i++) $state['k' + i] = i; return 'done';");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.Error.Message).Contains("MAX_STATE_MUTATIONS");
    }
}
