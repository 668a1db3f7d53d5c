namespace Nexus.Kernel.Panels;

/// <summary>
/// One-at-a-time, first-in-first-out turns with a bound on how many may wait. A panel's executions pass
/// through one of these, so no two of them ever overlap (no lost updates).
/// </summary>
internal sealed class SerialQueue(int maxWaiting)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource<Turn>> _waiting = new();
    private bool _busy;

    public int Waiting
    {
        get { lock (_gate) return _waiting.Count; }
    }

    /// <summary>
    /// Returns false when <c>maxWaiting</c> callers already wait. Otherwise <paramref name="turn"/> completes
    /// when it is this caller's turn; dispose the <see cref="Turn"/> to pass it on.
    /// </summary>
    public bool TryEnqueue(CancellationToken cancellationToken, out Task<Turn> turn)
    {
        lock (_gate)
        {
            if (!_busy)
            {
                _busy = true;
                turn = Task.FromResult(new Turn(this));
                return true;
            }
            if (_waiting.Count >= maxWaiting)
            {
                turn = Task.FromResult<Turn>(null!);
                return false;
            }
            var waiter = new TaskCompletionSource<Turn>(TaskCreationOptions.RunContinuationsAsynchronously);
            var node = _waiting.AddLast(waiter);
            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.Register(() => Cancel(node));
            }
            turn = waiter.Task;
            return true;
        }
    }

    private void Cancel(LinkedListNode<TaskCompletionSource<Turn>> node)
    {
        lock (_gate)
        {
            if (node.List is null) return;
            _waiting.Remove(node);
        }
        node.Value.TrySetCanceled();
    }

    private void Release()
    {
        TaskCompletionSource<Turn>? next;
        lock (_gate)
        {
            if (_waiting.First is null)
            {
                _busy = false;
                return;
            }
            next = _waiting.First.Value;
            _waiting.RemoveFirst();
        }
        next.TrySetResult(new Turn(this));
    }

    /// <summary>The right to run; disposing it hands the turn to the next waiter.</summary>
    internal sealed class Turn(SerialQueue queue) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) queue.Release();
        }
    }
}
