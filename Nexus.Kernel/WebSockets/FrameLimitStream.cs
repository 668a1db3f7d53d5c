using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// The upgraded connection's stream, watching the frames a client sends (RFC 6455 §5.2). A frame whose header
/// declares more than WS_MAX_MESSAGE_BYTES is answered with close 1009 as soon as its length bytes arrive, and the
/// read side ends: the payload is never waited for (a header declaring 2^62 bytes would otherwise hold the
/// socket until the keep-alive timeout). The WebSocket above never sees the frame; messages made of many small
/// frames are still capped by the receive loop. Writes pass through one at a time, so the close frame written
/// here never interleaves with a frame of the WebSocket's, and nothing is written after it.
/// </summary>
internal sealed class FrameLimitStream(Stream inner, long maxFrameBytes, Action? onRefused = null) : Stream
{
    private const ushort MessageTooBig = 1009;
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly byte[] _header = new byte[10];
    private int _headerLength;
    private long _payloadLeft;
    private volatile bool _refused;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // as TransportStream's: no allocation per waiting read
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_refused) return await DrainAsync(cancellationToken);
        var read = await inner.ReadAsync(buffer, cancellationToken);
        if (read > 0 && Observe(buffer.Span[..read]) is { } declared)
        {
            await RefuseAsync(declared);
            return await DrainAsync(cancellationToken);
        }
        return read;
    }

    /// <summary>
    /// After the close frame, reads and drops what the peer still sends until it closes (or a short grace ends), and
    /// only then reports the end: closing at once could reset the connection before the close frame left the server.
    /// </summary>
    private async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(DrainGrace);
        var scratch = new byte[4096];
        try
        {
            while (await inner.ReadAsync(scratch, grace.Token) > 0)
            {
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The grace ended or the peer is gone: either way the read side is over.
        }
        return 0;
    }

    /// <summary>Walks headers and skips payloads; returns the declared length of the first frame over the cap.</summary>
    private long? Observe(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, bytes.Length);
                _payloadLeft -= skip;
                bytes = bytes[skip..];
                continue;
            }
            _header[_headerLength++] = bytes[0];
            bytes = bytes[1..];
            if (_headerLength < 2) continue;
            var length7 = _header[1] & 0x7F;
            var lengthBytes = length7 switch { 126 => 2, 127 => 8, _ => 0 };
            if (_headerLength < 2 + lengthBytes) continue;
            var declared = lengthBytes switch
            {
                2 => BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)),
                // The top bit must be 0 (RFC 6455); a length that reads negative is over any cap.
                8 => (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(2)), long.MaxValue),
                _ => length7,
            };
            if (declared > maxFrameBytes) return declared;
            // The mask key (4 bytes when the mask bit is set) is skipped with the payload: only the length matters here.
            _payloadLeft = declared + ((_header[1] & 0x80) != 0 ? 4 : 0);
            _headerLength = 0;
        }
        return null;
    }

    private async Task RefuseAsync(long declared)
    {
        _refused = true;
        onRefused?.Invoke();
        var reason = Encoding.UTF8.GetBytes($"Frame of {declared} bytes over {maxFrameBytes}");
        if (reason.Length > 120) reason = reason[..120];
        var frame = new byte[4 + reason.Length];
        frame[0] = 0x88; // FIN + close
        frame[1] = (byte)(2 + reason.Length);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), MessageTooBig);
        reason.CopyTo(frame, 4);
        await _writing.WaitAsync();
        try
        {
            await inner.WriteAsync(frame);
            await inner.FlushAsync();
        }
        catch (IOException)
        {
            // The peer is gone already; nothing to tell it.
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>
    /// Without a state machine when the lock is free and the write completes at once, as every frame of a PATCH
    /// fan-out does: this runs once per client per change.
    /// </summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_writing.Wait(0)) return WriteWhenFreeAsync(buffer, cancellationToken);
        ValueTask write;
        try
        {
            write = _refused ? default : inner.WriteAsync(buffer, cancellationToken);
        }
        catch
        {
            _writing.Release();
            throw;
        }
        if (!write.IsCompletedSuccessfully) return ReleaseAfterAsync(write);
        write.GetAwaiter().GetResult(); // a ValueTask is consumed exactly once, even a completed one
        _writing.Release();
        return default;
    }

    private async ValueTask WriteWhenFreeAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (!_refused) await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async ValueTask ReleaseAfterAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        finally
        {
            _writing.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => _refused ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
