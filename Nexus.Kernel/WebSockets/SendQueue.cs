using System.Threading.Tasks.Sources;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// A connection's outbound frames, bounded by their total size, headers included (WS_SEND_QUEUE_BYTES). Enqueueing
/// never waits: a full queue means the peer is not reading, and the connection is closed rather than letting it hold
/// memory or slow the fan-out to everyone else. One reader (the pump). An idle queue holds no buffer: the message queue
/// exists only while messages wait, and the pump's wait is this object itself.
/// </summary>
internal sealed class SendQueue(long maxBytes) : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private Queue<ReadOnlyMemory<byte>>? _items;
    private long _bytes;
    private bool _completed;
    private bool _waiting;
    // Synchronous continuations: an idle pump wakes on the enqueuing thread and writes the frame to the connection's
    // socket right there (a non-blocking send: what a full socket buffer does not take goes out asynchronously).
    // A PATCH then reaches all its sockets in one pass over the listeners, instead of one work item per client.
    private ManualResetValueTaskSourceCore<bool> _wait;

    /// <summary>False when the message does not fit (or the queue was completed): the caller closes the connection with 1008.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> message)
    {
        if (Interlocked.Add(ref _bytes, message.Length) > maxBytes)
        {
            Interlocked.Add(ref _bytes, -message.Length);
            return false;
        }
        lock (_gate)
        {
            if (_completed)
            {
                Interlocked.Add(ref _bytes, -message.Length);
                return false;
            }
            (_items ??= new Queue<ReadOnlyMemory<byte>>(4)).Enqueue(message);
            if (!_waiting) return true;
            _waiting = false;
        }
        _wait.SetResult(true);
        return true;
    }

    public void Sent(ReadOnlyMemory<byte> message) => Interlocked.Add(ref _bytes, -message.Length);

    public void Complete()
    {
        lock (_gate)
        {
            if (_completed) return;
            _completed = true;
            if (!_waiting) return;
            _waiting = false;
        }
        _wait.SetResult(false);
    }

    /// <summary>
    /// True when a message waits; false once completed and drained. Takes no token: registering one on every wait
    /// (once per message) was ~2 % of the kernel's samples in a fan-out profile. A connection that ends completes the
    /// queue (<see cref="Complete"/>), which ends the wait.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_gate)
        {
            if (_items is { Count: > 0 }) return new ValueTask<bool>(true);
            if (_completed) return new ValueTask<bool>(false);
            _wait.Reset();
            _waiting = true;
        }
        return new ValueTask<bool>(this, _wait.Version);
    }

    public bool TryRead(out ReadOnlyMemory<byte> message)
    {
        lock (_gate)
        {
            if (_items is not { Count: > 0 } items)
            {
                message = default;
                return false;
            }
            message = items.Dequeue();
            if (items.Count == 0) _items = null;
            return true;
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _wait.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wait.OnCompleted(continuation, state, token, flags);
}
