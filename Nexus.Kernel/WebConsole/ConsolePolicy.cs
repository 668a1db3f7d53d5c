namespace Nexus.Kernel.WebConsole;

/// <summary>
/// The console's Content-Security-Policy: scripts, styles and images from the kernel only (no inline script or
/// style, no eval), connections to the kernel's own origin (its API and the WebSocket upgrade the HTTP port
/// accepts) and to the WebSocket port on the same host; no frames, no forms posted elsewhere, no base rewriting.
/// </summary>
internal static class ConsolePolicy
{
    public static string For(HttpContext context, int webSocketPort)
    {
        var connect = "'self'";
        var host = context.Request.Host.Host;
        if (IsPlainHost(host))
        {
            var scheme = context.Request.IsHttps ? "wss" : "ws";
            connect += $" {scheme}://{host}:{context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80)} {scheme}://{host}:{webSocketPort}";
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
               $"connect-src {connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /// <summary>The Host header ends up in a header value: accept only what a host name or IP literal is made of.</summary>
    private static bool IsPlainHost(string host) =>
        host.Length is > 0 and <= 253 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');
}
