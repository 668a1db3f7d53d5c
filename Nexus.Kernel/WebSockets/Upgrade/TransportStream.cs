using System.Buffers;
using System.IO.Pipelines;

namespace Nexus.Kernel.WebSockets.Upgrade;

/// <summary>
/// The connection's own pipes as the stream <see cref="System.Net.WebSockets.WebSocket.CreateFromStream"/> frames
/// over. Holds no buffer of its own: an idle read waits in Kestrel's pipe, which waits on the socket without one.
/// Disposing (the WebSocket does on abort) wakes a pending read or flush, so a dead peer lets go at once.
/// </summary>
internal sealed class TransportStream(IDuplexPipe transport) : Stream
{
    private volatile bool _disposed;

    /// <summary>True once a close frame went out. The WebSocket writes each frame whole (header first), so the
    /// opcode of a write's first byte says which frame it is.</summary>
    public bool CloseFrameWritten { get; private set; }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;

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

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!buffer.IsEmpty && (buffer.Span[0] & 0x0F) == 0x8) CloseFrameWritten = true;
        var result = await transport.Output.WriteAsync(buffer, cancellationToken);
        if (result.IsCanceled || _disposed) throw new ObjectDisposedException(nameof(TransportStream));
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await transport.Output.FlushAsync(cancellationToken);
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
