using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.WebSockets.Upgrade;

/// <summary>
/// Connection middleware on the WebSocket port: a connection whose first request is an upgrade that will be accepted
/// is answered here (101, then <see cref="WebSocket.CreateFromStream"/> over the connection's pipes), so a live
/// socket keeps no HTTP request, context, headers or middleware frames alive. The request head is only peeked at:
/// anything else (another request, a head split over several reads, a refusal of any kind: draining, auth, scope,
/// unknown panel, WS_MAX_CONNECTIONS, an unreachable store) goes untouched to the HTTP pipeline, which answers it
/// exactly as before (same statuses, problem bodies, audit lines and counters).
/// </summary>
internal sealed class DirectUpgrade(IServiceProvider services)
{
    private static readonly byte[] AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var input = connection.Transport.Input;
        ReadResult read;
        try
        {
            read = await input.ReadAsync(connection.ConnectionClosed);
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            return; // gone (or reset) before sending a request: nothing to answer
        }
        var buffer = read.Buffer;
        var request = Peek(buffer, out var headLength);
        // Nothing consumed, nothing marked examined: whoever reads next sees the same bytes.
        input.AdvanceTo(buffer.Start);
        var caller = request is null ? null : await AdmitAsync(request, connection.ConnectionClosed);
        if (caller is null)
        {
            await next(connection);
            return;
        }

        // Served here, not in a method of its own: this frame stays parked for as long as the socket lives, and a
        // second one under it cost every idle connection ~200 B (perf-ws.md §16).
        var registry = services.GetRequiredService<ConnectionRegistry>();
        var options = services.GetRequiredService<PanelSocketOptions>();
        try
        {
            read = await input.ReadAsync(connection.ConnectionClosed);
            input.AdvanceTo(read.Buffer.GetPosition(headLength));

            var counters = services.GetRequiredService<KernelCounters>();
            var pipes = new TransportStream(connection.Transport, connection.Features.Get<IConnectionSocketFeature>()?.Socket, connection.Abort);
            // Through the stream, so the answer and the frames after it take the same path to the socket, in order.
            await pipes.WriteAsync(SwitchingProtocols(request!.SecWebSocketKey), connection.ConnectionClosed);
            var transport = new FrameLimitStream(pipes, options.WsMaxMessageBytes,
                () => FrameLimitUpgrade.CountRefusal(counters));
            using var socket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions
            {
                IsServer = true,
                KeepAliveInterval = TimeSpan.FromMilliseconds(options.WsPingIntervalMs),
                KeepAliveTimeout = TimeSpan.FromMilliseconds(options.WsPingTimeoutMs),
            });
            await PanelSocketEndpoint.ServeAsync(socket, transport, request.PanelId, caller, services.GetRequiredService<PanelService>(),
                services.GetRequiredService<PanelStore>(), registry, options, counters,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>(), connection.ConnectionClosed);
            // A socket that failed after sending its close frame (1007 for invalid UTF-8, say) closes gracefully, or
            // the reset could overtake the close frame; one that failed silently (a dead peer) is cut at once.
            if (socket.State == WebSocketState.Aborted && !pipes.CloseFrameWritten) connection.Abort();
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ConnectionAbortedException)
        {
            connection.Abort();
        }
        finally
        {
            registry.Release();
        }
    }

    /// <summary>The upgrade in the first read, if it holds a whole head (ours is strict: a head split over reads is the pipeline's).</summary>
    private static UpgradeRequest? Peek(ReadOnlySequence<byte> buffer, out long length)
    {
        length = 0;
        var span = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.Slice(0, Math.Min(buffer.Length, UpgradeRequest.MaxHeadBytes)).ToArray();
        var end = span.IndexOf(HeadEnd);
        if (end < 0 || end + HeadEnd.Length > UpgradeRequest.MaxHeadBytes) return null;
        length = end + HeadEnd.Length;
        return UpgradeRequest.TryParse(span[..(int)length]);
    }

    /// <summary>The same checks as the endpoint, silently: a caller that would be refused is the pipeline's to refuse.</summary>
    private async Task<Caller?> AdmitAsync(UpgradeRequest request, CancellationToken aborted)
    {
        if (services.GetRequiredService<DrainState>().IsRefusing) return null;
        try
        {
            var outcome = await services.GetRequiredService<TokenValidator>().ValidateAsync(request.Token);
            if (outcome.Caller is not { } caller || !caller.Has(Scopes.Read)) return null;
            if (await services.GetRequiredService<PanelService>().FindAsync(caller, request.PanelId, aborted) is null) return null;
            var options = services.GetRequiredService<PanelSocketOptions>();
            return services.GetRequiredService<ConnectionRegistry>().TryReserve(options.WsMaxConnections) ? caller : null;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static byte[] SwitchingProtocols(string key)
    {
        Span<byte> material = stackalloc byte[24 + 36];
        Encoding.ASCII.GetBytes(key, material);
        AcceptGuid.CopyTo(material[24..]);
        var accept = Convert.ToBase64String(SHA1.HashData(material));
        return Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {accept}\r\n\r\n");
    }
}

internal static class DirectUpgradeListener
{
    /// <summary>Put on the WebSocket port's listener, after the listener tag and before Kestrel's HTTP handling.</summary>
    public static void UseDirectWebSocketUpgrade(this ListenOptions listen)
    {
        DirectUpgrade? upgrade = null;
        listen.Use(next => connection =>
        {
            upgrade ??= new DirectUpgrade(listen.ApplicationServices);
            return upgrade.OnConnectionAsync(connection, next);
        });
    }
}
