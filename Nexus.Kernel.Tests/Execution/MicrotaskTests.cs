using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>
/// Promise jobs run inside the same CPU budget and heap as the handler itself: an endless microtask chain ends with
/// TIMEOUT (or MEMORY_LIMIT when each link stays alive and the heap fills first), never with success and a commit.
/// </summary>
public sealed class MicrotaskTests
{
    private static readonly EngineHarness Harness = new(EngineHarness.Defaults with { TimeoutMs = 500, MemoryLimitMb = 16 });

    public static IEnumerable<Func<(string Shape, string Handler)>> EndlessChains() =>
    [
        () => ("a chain that holds nothing", "$state.a = 1; const f = () => { Promise.resolve().then(f); }; f();"),
        () => ("queueMicrotask", "$state.a = 1; const f = () => queueMicrotask(f); f();"),
        () => ("a chain of native jobs", NativeChain),
    ];

    /// <summary>A promise adopting a thenable whose <c>then</c> is a bound native: every job re-enqueues the next
    /// without running a line of the handler (QuickJS still polls its interrupt handler there).</summary>
    private const string NativeChain = """
        $state.a = 1;
        const o = {};
        const p = Promise.resolve(o);
        o.then = Promise.prototype.then.bind(p);
        new Promise((resolve) => resolve(o));
        """;

    [Test]
    [MethodDataSource(nameof(EndlessChains))]
    public async Task An_endless_microtask_chain_times_out_and_commits_nothing(string shape, string handler)
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync(handler, callbacks: callbacks);

        await Assert.That(result.Error?.Code).IsEqualTo(ExecutionErrorCodes.Timeout).Because($"{shape}: {result.Error?.Message}");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
        await Assert.That(result.StateMutations.Count).IsEqualTo(0);
    }

    /// <summary>The chain keeps every link alive, so with the default limits the heap fills before the CPU
    /// budget is spent: it ends with its limit, never with success and a commit.</summary>
    [Test]
    [Arguments("$state.a = 1; const f = () => Promise.resolve().then(f); f();")]
    [Arguments("$state.a = 1; const f = () => Promise.resolve().then(f); await f();")]
    public async Task A_chain_that_keeps_every_link_ends_with_a_limit_and_commits_nothing(string handler)
    {
        await using var harness = new EngineHarness(EngineHarness.Defaults with { TimeoutMs = 5000, MemoryLimitMb = 32 });
        var callbacks = new TestCallbacks();
        var result = await harness.RunAsync(handler, callbacks: callbacks);

        await Assert.That(result.Error?.Code).IsIn(ExecutionErrorCodes.MemoryLimit, ExecutionErrorCodes.Timeout)
            .Because(result.Error?.Message ?? "success");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
    }

    [Test]
    public async Task A_microtask_flood_within_the_limits_completes_with_every_job_run()
    {
        var callbacks = new TestCallbacks();
        var result = await Harness.RunAsync("""
            let n = 0;
            for (let i = 0; i < 20000; i++) Promise.resolve(i).then((v) => { n += v; });
            for (let i = 0; i < 5000; i++) await null;
            let chained = 0;
            const step = () => (++chained < 5000 ? Promise.resolve().then(step) : chained);
            const last = await step();
            $state.n = n;
            return [n, last];
            """, callbacks: callbacks);

        await Assert.That(result.Error).IsNull();
        await Assert.That(result.ReturnValue!.Value.GetRawText()).IsEqualTo("[199990000,5000]");
        await Assert.That(callbacks.State["n"].GetInt64()).IsEqualTo(199990000);
    }
}
