using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Http;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// <c>/panels/{id}/ws</c> on the WebSocket port and the HTTP port. Refusals are plain HTTP statuses before the
/// handshake: 503 while draining or at WS_MAX_CONNECTIONS, 401, 403, then 404 (only once auth succeeded).
/// </summary>
internal static class PanelSocketEndpoint
{
    public static IEndpointRouteBuilder MapPanelSockets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/panels/{id}/ws", ConnectAsync).OnListeners(ListenerKind.Http, ListenerKind.WebSocket);
        return app;
    }

    private static async Task<IResult> ConnectAsync(string id, HttpContext context, AuthGate auth, PanelService panels, PanelStore store,
        ConnectionRegistry registry, DrainState drain, PanelSocketOptions options, KernelCounters counters, TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest) return Problems.InvalidRequest("this route expects a WebSocket upgrade");
        if (drain.IsRefusing) return Problems.NotReady("the kernel is shutting down");

        var check = await auth.CheckAsync(context, Scopes.Read, allowQueryToken: true);
        if (check.Decision == AuthDecision.Unauthenticated) return Problems.Unauthorized(check.Detail);
        if (check.Decision == AuthDecision.MissingScope) return Problems.Forbidden(Scopes.Read);
        var caller = check.Caller!;
        if (await panels.FindAsync(caller, id, context.RequestAborted) is null) return Problems.PanelNotFound(id);

        if (!registry.TryReserve(options.WsMaxConnections))
        {
            counters.Rejections.Increment("ws_max_connections");
            return Problems.NotReady($"WS_MAX_CONNECTIONS ({options.WsMaxConnections}) reached");
        }
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = TimeSpan.FromMilliseconds(options.WsPingIntervalMs),
                KeepAliveTimeout = TimeSpan.FromMilliseconds(options.WsPingTimeoutMs),
            });
            await ServeAsync(socket, frames: null, id, caller, panels, store, registry, options, counters, time, loggers, context.RequestAborted);
        }
        finally
        {
            registry.Release();
        }
        return Results.Empty;
    }

    /// <summary>
    /// An accepted socket, on either path (this endpoint or <see cref="Upgrade.DirectUpgrade"/>), until it closes.
    /// <paramref name="frames"/> is the stream under the socket when outbound frames may be written to it directly.
    /// </summary>
    public static Task ServeAsync(System.Net.WebSockets.WebSocket socket, Stream? frames, string id, Caller caller,
        PanelService panels, PanelStore store, ConnectionRegistry registry, PanelSocketOptions options, KernelCounters counters,
        TimeProvider time, ILoggerFactory loggers, CancellationToken aborted)
    {
        var connection = new PanelConnection(socket, frames, id, caller, options, panels, store, counters, time,
            loggers.CreateLogger("Nexus.Kernel.WebSockets.PanelConnection"));
        return connection.RunAsync(registry, aborted);
    }
}
