using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Http;

internal static class PublicUrls
{
    /// <summary>
    /// PUBLIC_URL when set, else the request's own scheme and host (forwarded headers are applied earlier, and
    /// only from TRUSTED_PROXIES), with http→ws and https→wss.
    /// </summary>
    public static string WebSocketUrl(HttpContext context, HttpApiOptions options, string panelId)
    {
        var (scheme, authority, basePath) = options.PublicUrl is { } url
            ? (url.Scheme, url.Authority, url.AbsolutePath.TrimEnd('/'))
            : (context.Request.Scheme, context.Request.Host.Value ?? "localhost", context.Request.PathBase.Value ?? "");
        var wsScheme = scheme == "https" ? "wss" : "ws";
        return $"{wsScheme}://{authority}{basePath}/panels/{Uri.EscapeDataString(panelId)}/ws";
    }
}
