using System.Threading.Channels;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// A connection's outbound messages, bounded by their total size (WS_SEND_QUEUE_BYTES). Enqueueing never waits:
/// a full queue means the peer is not reading, and the connection is closed rather than letting it hold memory
/// or slow the fan-out to everyone else.
/// </summary>
internal sealed class SendQueue(long maxBytes)
{
    // Synchronous continuations: an idle pump wakes on the enqueuing thread and writes the frame to the connection's
    // pipe right there (a write never blocks: a full pipe makes the send asynchronous). A PATCH then reaches all its
    // sockets in one pass over the listeners, instead of one thread-pool work item per client.
    private readonly Channel<ReadOnlyMemory<byte>> _channel =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private long _bytes;

    public ChannelReader<ReadOnlyMemory<byte>> Reader => _channel.Reader;

    /// <summary>False when the message does not fit: the caller closes the connection with 1008.</summary>
    public bool TryEnqueue(ReadOnlyMemory<byte> message)
    {
        if (Interlocked.Add(ref _bytes, message.Length) > maxBytes)
        {
            Interlocked.Add(ref _bytes, -message.Length);
            return false;
        }
        return _channel.Writer.TryWrite(message);
    }

    public void Sent(ReadOnlyMemory<byte> message) => Interlocked.Add(ref _bytes, -message.Length);

    public void Complete() => _channel.Writer.TryComplete();
}
