using Microsoft.Extensions.Time.Testing;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The guest workers: which one a new work item wakes, and when an idle one spins instead of sleeping.</summary>
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

    [Test]
    public async Task A_lone_worker_spins_through_the_window_for_the_next_of_sequential_items()
    {
        // The clock stands still, so every gap is short and the window never ends until the test moves it.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pool = new WorkerPool(2, time);
        await WhenAllIdle(pool);
        var first = await pool.RunAsync(() => Environment.CurrentManagedThreadId);
        await Eventually.TrueAsync(() => Task.FromResult(pool.SpinsStarted == 1), "the worker spins after its item");
        await Assert.That(pool.IdleCount).IsEqualTo(1); // it did not go to sleep

        var second = await pool.RunAsync(() => Environment.CurrentManagedThreadId);
        await Assert.That(second).IsEqualTo(first); // the spinner took it (the rule of the first test alone would too)
        await Eventually.TrueAsync(() => Task.FromResult(pool.SpinsStarted == 2), "it spins again");
        await Assert.That(pool.IdleCount).IsEqualTo(1);

        time.Advance(WorkerPool.SpinWindow);
        await WhenAllIdle(pool); // the window is over: it sleeps
        await Assert.That(pool.SpinsStarted).IsEqualTo(2);
    }

    [Test]
    public async Task An_item_that_came_after_a_long_idle_gap_is_not_followed_by_a_spin()
    {
        // A trickle of triggers would otherwise burn the window after every one of them.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pool = new WorkerPool(1, time);
        await WhenAllIdle(pool);
        time.Advance(WorkerPool.SpinWindow);
        await pool.RunAsync(() => 0);
        await WhenAllIdle(pool);
        await Assert.That(pool.SpinsStarted).IsEqualTo(0);

        await pool.RunAsync(() => 0); // this one came at once: the next may follow as quickly
        await Eventually.TrueAsync(() => Task.FromResult(pool.SpinsStarted == 1), "a spin after the quick one");
        time.Advance(WorkerPool.SpinWindow);
        await WhenAllIdle(pool);
    }

    [Test]
    public async Task An_idle_worker_does_not_spin_while_another_is_busy()
    {
        // Under load the spin would take a core from the requests that bring the work.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pool = new WorkerPool(2, time);
        using var release = new ManualResetEventSlim();
        await WhenAllIdle(pool);
        var blocked = pool.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)));
        await Eventually.TrueAsync(() => Task.FromResult(pool.IdleCount == 1), "one worker busy");

        await pool.RunAsync(() => 0);
        await Eventually.TrueAsync(() => Task.FromResult(pool.IdleCount == 1), "the other worker asleep again");
        await Assert.That(pool.SpinsStarted).IsEqualTo(0);

        release.Set();
        await Assert.That(await blocked).IsTrue();
    }

    [Test]
    public async Task Two_items_that_reach_a_spinning_worker_together_run_side_by_side()
    {
        // The spinner takes one; the other must wake a sleeper rather than wait behind it (a slow handler would hold
        // it for up to TIMEOUT_MS while the other workers slept). The clock holds the spinner between two looks at the
        // queue while both items arrive, so the two always find it spinning.
        var time = new GatedClock();
        using var pool = new WorkerPool(3, time);
        await HoldTheSpinnerAsync(pool, time);
        using var release = new ManualResetEventSlim();
        var first = pool.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)));
        var second = pool.RunAsync(() => release.Wait(TimeSpan.FromSeconds(30)));
        time.Release();
        await Eventually.TrueAsync(() => Task.FromResult(pool.IdleCount == 1), "both items running");
        release.Set();
        await Assert.That(await first).IsTrue();
        await Assert.That(await second).IsTrue();
    }

    [Test]
    public async Task A_spinning_worker_holds_its_core_for_SpinAlone_then_yields_it_between_looks()
    {
        // A thread the scheduler woke onto the spinner's core (often the one bringing the next item) otherwise waited
        // for the whole window (perf-ws.md §15). Each step below holds the spinner at a read of the clock, so the
        // counts are read while it stands still, one look at the queue after the clock moved.
        var time = new GatedClock();
        using var pool = new WorkerPool(2, time);
        await HoldTheSpinnerAsync(pool, time);
        await Assert.That(time.PassOneReader() && time.PassOneReader()).IsTrue(); // past the read that starts the spin

        time.Advance(WorkerPool.SpinAlone - TimeSpan.FromTicks(1));
        await Assert.That(time.PassOneReader()).IsTrue();
        await Assert.That(pool.SpinYields).IsEqualTo(0);

        time.Advance(TimeSpan.FromTicks(1));
        await Assert.That(time.PassOneReader()).IsTrue();
        await Assert.That(pool.SpinYields).IsEqualTo(1);
        await Assert.That(pool.IdleCount).IsEqualTo(1); // still spinning, not asleep

        time.Advance(WorkerPool.SpinWindow - WorkerPool.SpinAlone);
        time.Release();
        await WhenAllIdle(pool);
        await Assert.That(pool.SpinYields).IsEqualTo(1);
    }

    [Test]
    public async Task A_worker_on_one_core_never_spins()
    {
        // The spin would hold the only core while the thread that brings the next item waits for it.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pool = new WorkerPool(2, time, processorCount: 1);
        await WhenAllIdle(pool);
        for (var i = 0; i < 3; i++)
        {
            await pool.RunAsync(() => i);
            await WhenAllIdle(pool); // asleep at once, although the clock stands still and every gap is short
        }
        await Assert.That(pool.SpinsStarted).IsEqualTo(0);
    }

    /// <summary>Runs one item so a worker spins after it, and holds that worker at its next read of the clock.</summary>
    private static async Task HoldTheSpinnerAsync(WorkerPool pool, GatedClock time)
    {
        await WhenAllIdle(pool);
        await pool.RunAsync(() => 0);
        await Eventually.TrueAsync(() => Task.FromResult(pool.SpinsStarted == 1), "a worker spinning");
        time.HoldNextReader();
        await Assert.That(time.WaitHeld()).IsTrue();
    }

    private static Task WhenAllIdle(WorkerPool pool) =>
        Eventually.TrueAsync(() => Task.FromResult(pool.IdleCount == pool.Count), "every worker asleep");

    /// <summary>A clock that moves only when told to and can hold the next thread that reads it until released.</summary>
    private sealed class GatedClock : TimeProvider
    {
        private readonly SemaphoreSlim _held = new(0);
        private readonly SemaphoreSlim _go = new(0);
        private int _holdNext;
        private long _now = 1;

        public void HoldNextReader() => Volatile.Write(ref _holdNext, 1);

        /// <summary>True once a reader is held (it stays held until <see cref="Release"/>).</summary>
        public bool WaitHeld() => _held.Wait(TimeSpan.FromSeconds(30));

        public void Release() => _go.Release();

        /// <summary>Lets the held reader go and holds its next read: everything the reading thread does between two
        /// reads of the clock has happened, exactly once, when this returns. (Arming the hold before the release is
        /// what makes it exactly once.)</summary>
        public bool PassOneReader()
        {
            HoldNextReader();
            Release();
            return WaitHeld();
        }

        public void Advance(TimeSpan span) => Interlocked.Add(ref _now, span.Ticks);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            if (Interlocked.Exchange(ref _holdNext, 0) == 1)
            {
                _held.Release();
                _go.Wait(TimeSpan.FromSeconds(30));
            }
            return Interlocked.Read(ref _now);
        }
    }
}
