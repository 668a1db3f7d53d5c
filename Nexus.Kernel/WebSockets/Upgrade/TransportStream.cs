using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Nexus.Kernel.WebSockets.Upgrade;

/// <summary>
/// The stream <see cref="System.Net.WebSockets.WebSocket.CreateFromStream"/> frames over: reads come from the
/// connection's input pipe, writes go straight to its socket. Holds no buffer of its own: an idle read waits in
/// Kestrel's pipe, which waits on the socket without one. A write is one <c>send</c> on the calling thread when the
/// socket takes it (almost always), instead of a copy into the output pipe and a hop to Kestrel's I/O queue for
/// the <c>send</c>: a PATCH then reaches every client of a panel from the one loop over its listeners, as a Node
/// server's does. Without a socket (another transport) writes use the output pipe.
/// Disposing (the WebSocket does on abort) wakes a pending read, and cuts a connection whose peer stopped reading
/// in the middle of a write, so a dead peer lets go at once.
/// </summary>
internal sealed class TransportStream(IDuplexPipe transport, Socket? socket, Action abort) : Stream
{
    private volatile bool _disposed;
    private volatile bool _sending;

    /// <summary>True once a close frame went out. The WebSocket writes each frame whole (header first), so the
    /// opcode of a write's first byte says which frame it is.</summary>
    public bool CloseFrameWritten { get; private set; }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

    // Pooled: a read that waits (every message, every pong) would otherwise allocate its state machine each time.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = await transport.Input.ReadAsync(cancellationToken);
        if (result.IsCanceled || _disposed) throw new ObjectDisposedException(nameof(TransportStream));
        var available = result.Buffer;
        var count = (int)Math.Min(available.Length, buffer.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        transport.Input.AdvanceTo(available.GetPosition(count));
        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!buffer.IsEmpty && (buffer.Span[0] & 0x0F) == 0x8) CloseFrameWritten = true;
        if (socket is null) return WriteToPipeAsync(buffer, cancellationToken);
        _sending = true;
        try
        {
            var send = socket.SendAsync(buffer, SocketFlags.None, cancellationToken);
            // The send completes at once unless the socket's buffer is full; a partial count is not expected from a
            // stream socket's asynchronous send, which finishes the whole buffer, but is handled all the same.
            if (send.IsCompletedSuccessfully && send.Result == buffer.Length)
            {
                _sending = false;
                return ValueTask.CompletedTask;
            }
            return FinishSendAsync(send, buffer, cancellationToken);
        }
        catch (Exception error)
        {
            _sending = false; // whatever failed (a socket Kestrel already disposed throws too), nothing is pending
            if (error is SocketException socketError) throw new IOException(socketError.Message, socketError);
            throw;
        }
    }

    private async ValueTask FinishSendAsync(ValueTask<int> send, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var sent = await send;
                buffer = buffer[sent..];
                if (buffer.IsEmpty) return;
                ObjectDisposedException.ThrowIf(_disposed, this);
                send = socket!.SendAsync(buffer, SocketFlags.None, cancellationToken);
            }
        }
        catch (SocketException error)
        {
            throw new IOException(error.Message, error);
        }
        finally
        {
            _sending = false;
        }
    }

    private async ValueTask WriteToPipeAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await transport.Output.WriteAsync(buffer, cancellationToken);
        if (result.IsCanceled || _disposed) throw new ObjectDisposedException(nameof(TransportStream));
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (socket is null) await transport.Output.FlushAsync(cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            transport.Input.CancelPendingRead();
            transport.Output.CancelPendingFlush();
            // A write that waits for buffer space waits on a peer that is not reading: nothing but closing the
            // connection wakes it.
            if (_sending) abort();
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override void Flush() { }
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
