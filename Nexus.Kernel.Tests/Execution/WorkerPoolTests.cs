using Nexus.Kernel.Execution;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The guest workers: which one a new work item wakes.</summary>
public class WorkerPoolTests
{
    [Test]
    public async Task Sequential_work_wakes_the_worker_that_went_idle_last()
    {
        // Its caches are the warm ones; waking the longest-idle worker made sequential triggers take turns over every
        // worker, each cold (bench/notes/perf-ws.md §11).
        using var pool = new WorkerPool(4);
        await WhenAllIdle(pool);
        var threads = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            threads.Add(await pool.RunAsync(() => Environment.CurrentManagedThreadId));
            await WhenAllIdle(pool); // the worker that ran it is asleep again, on top of the others
        }

        await Assert.That(threads.Distinct().Count()).IsEqualTo(1);
    }

    [Test]
    public async Task Work_queued_while_every_worker_is_busy_runs_when_one_frees_up()
    {
        using var pool = new WorkerPool(2);
        using var release = new ManualResetEventSlim();
        var blocked = Enumerable.Range(0, 2).Select(_ => pool.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)))).ToList();
        var queued = Enumerable.Range(0, 6).Select(i => pool.RunAsync(() => i)).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(pool.IdleCount == 0), "both workers busy");
        await Assert.That(queued.Any(t => t.IsCompleted)).IsFalse();

        release.Set();
        await Assert.That(await Task.WhenAll(blocked)).DoesNotContain(false);
        await Assert.That(await Task.WhenAll(queued)).IsEquivalentTo(Enumerable.Range(0, 6));
    }

    private static Task WhenAllIdle(WorkerPool pool) =>
        Eventually.TrueAsync(() => Task.FromResult(pool.IdleCount == pool.Count), "every worker asleep");
}
