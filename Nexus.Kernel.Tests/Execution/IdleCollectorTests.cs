using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>
/// When the idle collector compacts the heap: after a burst (at least BurstBytes since the last collection) and a
/// quiet interval (under QuietBytes in it), once per burst, never while the process keeps allocating; a burst is at
/// least a HeapShare-th of the heap the last collection kept. The runtime's allocation counter, heap size and
/// collection are stand-ins here; the process-wide effect is measured in bench/.
/// </summary>
public class IdleCollectorTests
{
    private long _allocated;
    private long _heap;
    private int _collections;

    private IdleCollector NewCollector() => new(() => _allocated, () => _heap, () => _collections++);

    /// <summary>One burst and a quiet interval: a collection that leaves <paramref name="heap"/> bytes behind.</summary>
    private async Task CollectLeavingAsync(IdleCollector collector, long heap)
    {
        _heap = heap;
        _allocated += IdleCollector.BurstBytes;
        collector.Tick();
        await Assert.That(collector.Tick()).IsTrue();
    }

    [Test]
    public async Task A_burst_then_a_quiet_interval_collects_once()
    {
        var collector = NewCollector();
        _allocated += IdleCollector.BurstBytes; // the burst, during one busy interval
        await Assert.That(collector.Tick()).IsFalse();
        await Assert.That(collector.Tick()).IsTrue(); // quiet: nothing allocated since
        await Assert.That(collector.Tick()).IsFalse(); // still quiet, but no new burst
        await Assert.That(_collections).IsEqualTo(1);
    }

    [Test]
    [Arguments(0L, IdleCollector.BurstBytes)] // before any collection
    [Arguments(8L * 1024 * 1024, IdleCollector.BurstBytes)] // a small heap keeps the fixed burst
    // A big heap takes a sixteenth: 10,000 idle clients' keep-alive pings passed 1 MiB every ping cycle, and each
    // collection of their ~90 MB heap stopped the process for 120 ms (bench/notes/perf-idle.md §10).
    [Arguments(64L * 1024 * 1024, 4L * 1024 * 1024)]
    public async Task Just_under_a_burst_is_not_worth_a_collection(long heapKept, long burst)
    {
        var collector = NewCollector();
        if (heapKept > 0) await CollectLeavingAsync(collector, heapKept);
        _allocated += burst - 1;
        collector.Tick();
        await Assert.That(collector.Tick()).IsFalse();
        _allocated += 1;
        await Assert.That(collector.Tick()).IsTrue();
    }

    [Test]
    public async Task An_interval_that_allocates_the_quiet_mark_is_busy()
    {
        var collector = NewCollector();
        _allocated += IdleCollector.BurstBytes;
        collector.Tick();
        _allocated += IdleCollector.QuietBytes;
        await Assert.That(collector.Tick()).IsFalse(); // busy: exactly the mark
        _allocated += IdleCollector.QuietBytes - 1;
        await Assert.That(collector.Tick()).IsTrue(); // quiet: one byte under it
    }

    [Test]
    public async Task A_process_that_keeps_allocating_is_never_interrupted()
    {
        var collector = NewCollector();
        for (var i = 0; i < 100; i++)
        {
            _allocated += IdleCollector.QuietBytes;
            await Assert.That(collector.Tick()).IsFalse();
        }
        await Assert.That(_collections).IsEqualTo(0);
    }

    [Test]
    public async Task A_crowd_of_clients_leaving_counts_as_a_burst()
    {
        // Measured on the AOT binary: 2,000 idle WebSocket clients leaving allocated 2.1 MB. The collection after their
        // arrival had moved their objects to gen2; unless their departure is collected too, every gen0 collection under
        // the next load pays for them (bench/notes/perf-idle.md §9).
        var collector = NewCollector();
        await CollectLeavingAsync(collector, heap: 19_000_000); // the collection while they sat idle (perf-idle §9)
        _allocated += 2_100_000; // spread over a busy second: the close handshakes
        collector.Tick();
        await Assert.That(collector.Tick()).IsTrue();
    }

    [Test]
    public async Task What_start_up_allocated_counts_as_the_first_burst()
    {
        _allocated += IdleCollector.BurstBytes; // allocated before the collector started
        var collector = new IdleCollector(() => _allocated, () => _heap, () => _collections++, countedSoFar: _allocated);
        await Assert.That(collector.Tick()).IsTrue(); // the first quiet interval gives start-up's garbage back
        await Assert.That(NewCollector().Tick()).IsFalse(); // without it, an idle process never would
    }
}
