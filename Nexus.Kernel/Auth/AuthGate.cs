using Microsoft.Extensions.Primitives;

namespace Nexus.Kernel.Auth;

internal enum AuthDecision { Allowed, Unauthenticated, MissingScope }

internal sealed record AuthCheck(AuthDecision Decision, Caller? Caller, string Detail);

/// <summary>
/// Authenticates a request from its bearer token (or, for WebSocket upgrades only, <c>?token=</c>) and checks a
/// scope. Every denial writes one audit line; the token itself is never logged.
/// </summary>
internal sealed partial class AuthGate(TokenValidator validator, ILogger<AuthGate> logger)
{
    public async ValueTask<AuthCheck> CheckAsync(HttpContext context, string scope, bool allowQueryToken)
    {
        var token = BearerToken(context.Request.Headers.Authorization);
        if (token is null && allowQueryToken && context.Request.Query.TryGetValue("token", out var query)) token = query.ToString();

        var outcome = await validator.ValidateAsync(token);
        if (outcome.Caller is not { } caller)
        {
            Log.Unauthenticated(logger, context.Request.Method, context.Request.Path.Value ?? "", outcome.Failure ?? "invalid token");
            return new AuthCheck(AuthDecision.Unauthenticated, null, outcome.Failure ?? "invalid token");
        }
        if (!caller.Has(scope))
        {
            Log.ScopeDenied(logger, caller.Subject, context.Request.Method, context.Request.Path.Value ?? "", scope);
            return new AuthCheck(AuthDecision.MissingScope, caller, scope);
        }
        return new AuthCheck(AuthDecision.Allowed, caller, "");
    }

    private static string? BearerToken(StringValues header)
    {
        var value = header.ToString();
        const string prefix = "Bearer ";
        return value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? value[prefix.Length..].Trim() : null;
    }

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "audit: denied {method} {path}: {reason}", EventName = "AuthDenied")]
        public static partial void Unauthenticated(ILogger logger, string method, string path, string reason);

        [LoggerMessage(2002, LogLevel.Warning, "audit: denied {method} {path} to {sub}: missing scope {scope}", EventName = "ScopeDenied")]
        public static partial void ScopeDenied(ILogger logger, string sub, string method, string path, string scope);
    }
}
