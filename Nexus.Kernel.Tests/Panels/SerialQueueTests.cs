using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Tests.Panels;

/// <summary>A panel's queue: one turn at a time, handed on in arrival order, at most PANEL_QUEUE_LIMIT waiting.</summary>
public class SerialQueueTests
{
    // A turn that never comes fails the test instead of hanging the run (a generous, one-sided bound).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Turns_are_handed_on_in_arrival_order()
    {
        var queue = new SerialQueue(maxWaiting: 10);
        await Assert.That(queue.TryEnqueue(default, out var first)).IsTrue();
        var running = await first.WaitAsync(Patience);
        var waiting = new List<Task<SerialQueue.Turn>>();
        for (var i = 0; i < 5; i++)
        {
            await Assert.That(queue.TryEnqueue(default, out var turn)).IsTrue();
            waiting.Add(turn);
        }

        var current = running;
        for (var step = 0; step < waiting.Count; step++)
        {
            await Assert.That(waiting.Count(t => t.IsCompleted)).IsEqualTo(step);
            current.Dispose();
            // Passing the turn completes exactly the next in line, synchronously, and nobody behind it.
            await Assert.That(waiting[step].IsCompleted).IsTrue();
            await Assert.That(waiting.Count(t => t.IsCompleted)).IsEqualTo(step + 1);
            current = await waiting[step].WaitAsync(Patience);
        }
        current.Dispose();
        await Assert.That(queue.Waiting).IsEqualTo(0);
    }

    [Test]
    public async Task The_limit_counts_waiters_exactly_and_frees_a_place_when_one_gets_its_turn()
    {
        const int Limit = 3;
        var queue = new SerialQueue(Limit);
        await Assert.That(queue.TryEnqueue(default, out var first)).IsTrue();
        var waiters = new List<Task<SerialQueue.Turn>>();
        for (var i = 0; i < Limit; i++)
        {
            await Assert.That(queue.TryEnqueue(default, out var turn)).IsTrue();
            waiters.Add(turn);
        }
        await Assert.That(queue.Waiting).IsEqualTo(Limit);

        await Assert.That(queue.TryEnqueue(default, out _)).IsFalse();

        (await first.WaitAsync(Patience)).Dispose();
        var second = await waiters[0].WaitAsync(Patience);
        await Assert.That(queue.TryEnqueue(default, out var late)).IsTrue();
        await Assert.That(queue.TryEnqueue(default, out _)).IsFalse();
        second.Dispose();
        foreach (var waiter in waiters.Skip(1).Append(late)) (await waiter.WaitAsync(Patience)).Dispose();
        await Assert.That(queue.Waiting).IsEqualTo(0);
    }

    [Test]
    public async Task A_cancelled_waiter_leaves_the_line_and_its_place()
    {
        var queue = new SerialQueue(maxWaiting: 1);
        await Assert.That(queue.TryEnqueue(default, out var first)).IsTrue();
        using var cancel = new CancellationTokenSource();
        await Assert.That(queue.TryEnqueue(cancel.Token, out var abandoned)).IsTrue();

        await cancel.CancelAsync();

        await Assert.That(abandoned.IsCanceled).IsTrue();
        await Assert.That(queue.TryEnqueue(default, out var next)).IsTrue();
        (await first.WaitAsync(Patience)).Dispose();
        (await next.WaitAsync(Patience)).Dispose();
    }
}
