using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// Reads <c>REDIS_URL</c>: either <c>redis://[[user]:password@]host[:port][/db]</c> (<c>rediss://</c> for TLS) or
/// StackExchange.Redis's own <c>host:port,password=...,ssl=true</c> form. Whatever it says, the connection never
/// gives up (<c>AbortOnConnectFail=false</c>: a pod starts, and recovers, while Redis is away) and commands fail
/// fast while disconnected instead of queuing (readiness is 503 then, so the caller is better served elsewhere).
/// </summary>
internal static class RedisUrl
{
    /// <param name="password">REDIS_PASSWORD(_FILE), when the URL carries none (the loader refuses both).</param>
    /// <param name="tlsCaFile">REDIS_TLS_CA_FILE: a PEM CA trusted for the server's certificate.</param>
    public static ConfigurationOptions Parse(string value, string? password = null, string? tlsCaFile = null)
    {
        var options = value.Contains("://", StringComparison.Ordinal) ? FromUri(value) : ConfigurationOptions.Parse(value);
        if (password is not null) options.Password = password;
        if (tlsCaFile is not null) options.TrustIssuer(tlsCaFile);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // Reconnect quickly (and keep trying) so service returns within about a second of Redis coming back.
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        options.ClientName ??= "nexus-kernel";
        return options;
    }

    private static ConfigurationOptions FromUri(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "redis" && uri.Scheme != "rediss") || uri.Host.Length == 0)
        {
            throw new FormatException("REDIS_URL must look like redis://[:password@]host:port[/db] or host:port[,option=value...]");
        }
        var options = new ConfigurationOptions { Ssl = uri.Scheme == "rediss" };
        options.EndPoints.Add(uri.Host.Trim('[', ']'), uri.IsDefaultPort ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            // As in the redis URI scheme: "user:password", ":password" (no ACL user), or "user" alone.
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = Uri.UnescapeDataString(colon < 0 ? "" : uri.UserInfo[(colon + 1)..]);
            if (user.Length > 0) options.User = user;
            if (password.Length > 0) options.Password = password;
        }
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, out var db) || db < 0) throw new FormatException("the REDIS_URL path must be a database number, e.g. /0");
            options.DefaultDatabase = db;
        }
        return options;
    }
}
