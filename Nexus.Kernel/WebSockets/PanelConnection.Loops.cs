using System.Buffers;
using System.Net.WebSockets;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.WebSockets;

internal sealed partial class PanelConnection
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(10);

    /// <summary>Reads whole messages (all frames) up to WS_MAX_MESSAGE_BYTES; a bigger one closes with 1009.</summary>
    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        var max = _options.WsMaxMessageBytes;
        var bucket = new TokenBucket(_options.WsRateLimit, _options.WsRateBurst, _time);
        while (_socket.State == WebSocketState.Open && Volatile.Read(ref _close) is null)
        {
            // Wait for the next message without holding a buffer: an idle connection then costs no receive memory.
            var first = await _socket.ReceiveAsync(Memory<byte>.Empty, aborted);
            if (first.MessageType == WebSocketMessageType.Close)
            {
                RequestClose(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", discardPending: true);
                return;
            }
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(max + 1, 4096));
            try
            {
                var length = 0;
                // An empty message is already complete after the zero-byte read; anything else is read frame by frame.
                var frame = new WebSocketReceiveResult(0, first.MessageType, first.EndOfMessage);
                while (!frame.EndOfMessage)
                {
                    if (length == buffer.Length) buffer = Grow(buffer, Math.Min(buffer.Length * 2, max + 1));
                    frame = await _socket.ReceiveAsync(buffer.AsMemory(length), aborted) switch { var r => new(r.Count, r.MessageType, r.EndOfMessage) };
                    length += frame.Count;
                    if (length > max)
                    {
                        _counters.Rejections.Increment("ws_message_too_big");
                        RequestClose(WebSocketCloseStatus.MessageTooBig, $"Message over {max} bytes", discardPending: true);
                        return;
                    }
                    if (frame.MessageType == WebSocketMessageType.Close) break;
                }

                if (frame.MessageType == WebSocketMessageType.Close)
                {
                    RequestClose(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", discardPending: true);
                    return;
                }
                _counters.WsMessages.Increment("in");
                if (!bucket.TryTake())
                {
                    _counters.Rejections.Increment("ws_rate_limited");
                    SendError(new ErrorMessage(WsErrorCodes.RateLimited, $"more than {_options.WsRateLimit} messages per second", null));
                    continue;
                }
                if (frame.MessageType == WebSocketMessageType.Binary)
                {
                    SendError(new ErrorMessage(WsErrorCodes.InvalidMessage, "binary frames are not accepted; send JSON text", null));
                    continue;
                }
                Handle(buffer.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.CopyTo(bigger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <summary>The only writer of the socket: sends queued messages, then the close frame that was requested.</summary>
    private async Task PumpAsync(CancellationToken aborted)
    {
        // One registration for the pump's life instead of one per message: a cancelable send took the WebSocket's
        // slow path (an async lock and a registration of its own per frame), and the queue registered on every wait.
        // Aborting the socket is what the send's registration did; it also fails a send stuck on a peer that stopped
        // reading, and ends the receive loop, whose exit completes the queue and so ends the pump's wait. Removing both
        // (with the frame-limit stream's synchronous write) cut a 1,000-client PATCH fan-out's CPU from 12.1 to 11.3 ms
        // (perf-ws.md §14).
        using var abort = aborted.UnsafeRegister(static socket => ((WebSocket)socket!).Abort(), _socket);
        try
        {
            var reader = _queue;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    _queue.Sent(message);
                    if (Volatile.Read(ref _close) is { DiscardPending: true }) continue;
                    await SendFrameAsync(message);
                    _counters.WsMessages.Increment("out");
                }
            }
            var close = Volatile.Read(ref _close)!;
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var grace = new CancellationTokenSource(CloseGrace, _time);
                await _socket.CloseOutputAsync(close.Status, close.Reason, grace.Token);
                // Counted as sent: a socket that ended without one (a dead peer, a frame the stream under it refused
                // and answered 1009 itself) got no close from here.
                _counters.WsCloses.Increment(((int)close.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _socket.Abort();
        }
    }

    /// <summary>
    /// A queued frame, as is, to the stream under the WebSocket when there is one: no copy into the WebSocket's
    /// buffer and no pass through its send path, once per client of a PATCH. The WebSocket still writes its pings,
    /// pongs and the close frame to the same stream, which takes one whole write at a time, so frames never
    /// interleave; its state is checked as its own send would.
    /// </summary>
    private ValueTask SendFrameAsync(ReadOnlyMemory<byte> frame)
    {
        if (_frames is null)
        {
            return _socket.SendAsync(frame[WireEncoder.HeaderLength(frame.Span)..], WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) throw new WebSocketException(WebSocketError.InvalidState);
        return _frames.WriteAsync(frame, CancellationToken.None);
    }

    /// <summary>Waits for the pump to send the close frame and for the peer's answer, then lets go; aborts a peer that stalls.</summary>
    private async Task FinishAsync(Task pump)
    {
        try
        {
            await pump.WaitAsync(CloseGrace, _time);
            if (_socket.State == WebSocketState.CloseSent)
            {
                using var grace = new CancellationTokenSource(CloseGrace, _time);
                var scratch = new byte[256];
                while (_socket.State == WebSocketState.CloseSent)
                {
                    await _socket.ReceiveAsync(scratch, grace.Token);
                }
            }
        }
        catch (Exception error) when (error is TimeoutException or WebSocketException or OperationCanceledException)
        {
            _socket.Abort();
        }
    }

    private readonly record struct WebSocketReceiveResult(int Count, WebSocketMessageType MessageType, bool EndOfMessage);
}
