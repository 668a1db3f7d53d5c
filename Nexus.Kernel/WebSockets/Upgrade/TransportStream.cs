using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Nexus.Kernel.WebSockets.Upgrade;

/// <summary>
/// The stream <see cref="System.Net.WebSockets.WebSocket.CreateFromStream"/> frames over: reads come from the
/// connection's input pipe, writes go straight to its socket. Holds no buffer of its own: an idle read waits in
/// Kestrel's pipe, which waits on the socket without one. A write is one non-blocking <c>send</c> on the calling
/// thread when the socket takes it (almost always), instead of a copy into the output pipe and a hop to Kestrel's
/// I/O queue for the <c>send</c>: a PATCH then reaches every client of a panel from the one loop over its
/// listeners, as a Node server's does. Only what the socket did not take waits, asynchronously. Without a socket
/// (another transport) writes use the output pipe.
/// Disposing (the WebSocket does on abort) wakes a pending read, and cuts a connection whose peer stopped reading
/// in the middle of a write, so a dead peer lets go at once.
/// </summary>
internal sealed class TransportStream : Stream
{
    private readonly IDuplexPipe _transport;
    private readonly Socket? _socket;
    private readonly Action _abort;
    private volatile bool _disposed;
    private volatile bool _sending;

    public TransportStream(IDuplexPipe transport, Socket? socket, Action abort)
    {
        _transport = transport;
        _socket = socket;
        _abort = abort;
        // A synchronous send then tries once and reports WouldBlock instead of waiting for buffer space on the
        // calling thread (the fan-out's, under the panel's lock). Kestrel's own reads are asynchronous and unaffected.
        if (socket is not null) socket.Blocking = false;
    }

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
        var result = await _transport.Input.ReadAsync(cancellationToken);
        if (result.IsCanceled || _disposed) throw new ObjectDisposedException(nameof(TransportStream));
        var available = result.Buffer;
        var count = (int)Math.Min(available.Length, buffer.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        _transport.Input.AdvanceTo(available.GetPosition(count));
        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!buffer.IsEmpty && (buffer.Span[0] & 0x0F) == 0x8) CloseFrameWritten = true;
        if (_socket is null) return WriteToPipeAsync(buffer, cancellationToken);
        _sending = true;
        try
        {
            // One system call, without the asynchronous send's per-operation state: this runs once per client of
            // every PATCH. What the socket's buffer did not take goes out asynchronously.
            var sent = _socket.Send(buffer.Span, SocketFlags.None, out var error);
            if (error == SocketError.Success && sent == buffer.Length)
            {
                _sending = false;
                return ValueTask.CompletedTask;
            }
            if (error is not (SocketError.Success or SocketError.WouldBlock)) throw new SocketException((int)error);
            var rest = buffer[sent..];
            return FinishSendAsync(_socket.SendAsync(rest, SocketFlags.None, cancellationToken), rest, cancellationToken);
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
                send = _socket!.SendAsync(buffer, SocketFlags.None, cancellationToken);
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
        var result = await _transport.Output.WriteAsync(buffer, cancellationToken);
        if (result.IsCanceled || _disposed) throw new ObjectDisposedException(nameof(TransportStream));
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_socket is null) await _transport.Output.FlushAsync(cancellationToken);
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
            _transport.Input.CancelPendingRead();
            _transport.Output.CancelPendingFlush();
            // A write that waits for buffer space waits on a peer that is not reading: nothing but closing the
            // connection wakes it.
            if (_sending) _abort();
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
