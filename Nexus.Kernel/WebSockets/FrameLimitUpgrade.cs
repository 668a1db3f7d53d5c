using Microsoft.AspNetCore.Http.Features;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Observability;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// Puts a <see cref="FrameLimitStream"/> under every WebSocket the pipeline accepts: the WebSocket middleware
/// builds its socket on the stream <see cref="IHttpUpgradeFeature.UpgradeAsync"/> returns, so wrapping the feature
/// (before <c>UseWebSockets</c>) wraps the stream. A connection handler that upgrades by itself wraps its stream the same way.
/// </summary>
internal static class FrameLimitUpgrade
{
    /// <summary>The frame-size check, then the framework's WebSocket middleware (keep-alive interval and timeout are
    /// set per connection, at accept).</summary>
    public static IApplicationBuilder UsePanelSocketUpgrades(this IApplicationBuilder app, PanelSocketOptions options) =>
        app.UseWebSocketFrameLimit(options, app.ApplicationServices.GetRequiredService<KernelCounters>()).UseWebSockets();

    private static IApplicationBuilder UseWebSocketFrameLimit(this IApplicationBuilder app, PanelSocketOptions options, KernelCounters counters) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
            {
                context.Features.Set<IHttpUpgradeFeature>(new Feature(upgrade, options.WsMaxMessageBytes, () => CountRefusal(counters)));
            }
            return next(context);
        });

    /// <summary>
    /// A refused frame, counted as it is refused: a rejection, and the 1009 close the stream sends (the connection
    /// above counts only the closes it sends, and sees just the end of the stream here).
    /// </summary>
    public static void CountRefusal(KernelCounters counters)
    {
        counters.Rejections.Increment("ws_message_too_big");
        counters.WsCloses.Increment("1009");
    }

    private sealed class Feature(IHttpUpgradeFeature inner, long maxFrameBytes, Action onRefused) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => new FrameLimitStream(await inner.UpgradeAsync(), maxFrameBytes, onRefused);
    }
}
