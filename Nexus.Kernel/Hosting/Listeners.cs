using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Hosting;

internal enum ListenerKind { Http, WebSocket, Metrics }

/// <summary>Endpoint metadata: the listeners an endpoint answers on (HTTP only when absent).</summary>
internal sealed record ListenerMetadata(params ListenerKind[] Kinds);

/// <summary>
/// The three listeners. A connection is tagged with the listener it arrived on (a connection item set by
/// Kestrel middleware), so routing never depends on the Host header or a port number (tests bind port 0).
/// </summary>
internal sealed class Listeners
{
    private const string ItemKey = "nexus.listener";
    private readonly Dictionary<ListenerKind, ListenOptions> _bound = [];

    /// <param name="webSocketPort">Connection middleware the WebSocket feature puts on its own port, before the tag.</param>
    public void Configure(KestrelServerOptions kestrel, ListenerOptions options, Action<ListenOptions> webSocketPort)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.BodyLimitBytes;
        HeaderLimits.ApplyBackstop(kestrel.Limits);
        Listen(kestrel, options.Host, options.HttpPort, ListenerKind.Http, static _ => { });
        Listen(kestrel, options.Host, options.WsPort, ListenerKind.WebSocket, webSocketPort);
        Listen(kestrel, options.Host, options.MetricsPort, ListenerKind.Metrics, static _ => { });
    }

    /// <summary>The port a listener is bound to (the real one when configured as 0), after the server started.</summary>
    public int PortOf(ListenerKind kind) => _bound[kind].IPEndPoint?.Port ?? throw new InvalidOperationException($"{kind} is not bound");

    public static ListenerKind KindOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var kind) == true && kind is ListenerKind k
            ? k
            : ListenerKind.Http;

    private void Listen(KestrelServerOptions kestrel, IPAddress host, int port, ListenerKind kind, Action<ListenOptions> more)
    {
        kestrel.Listen(host, port, listen =>
        {
            _bound[kind] = listen;
            // The port's own middleware first: a connection it keeps (a WebSocket answered by the direct upgrade) then
            // never allocates Kestrel's items dictionary, ~180 B for every idle socket. Only connections that go on to
            // the HTTP pipeline are tagged, which is where the tag is read.
            more(listen);
            listen.Use(next => connection =>
            {
                connection.Items[ItemKey] = kind;
                return next(connection);
            });
        });
    }
}

internal static class ListenerRouting
{
    public static TBuilder OnListeners<TBuilder>(this TBuilder builder, params ListenerKind[] kinds) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ListenerMetadata(kinds));

    /// <summary>After routing: an endpoint reached through a listener it does not serve is a 404.</summary>
    public static IApplicationBuilder UseListenerGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var kind = Listeners.KindOf(context);
        var endpoint = context.GetEndpoint();
        var allowed = endpoint?.Metadata.GetMetadata<ListenerMetadata>()?.Kinds ?? [ListenerKind.Http];
        if (endpoint is not null && !allowed.Contains(kind))
        {
            await Problems.NotFound(context.Request.Path).ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
