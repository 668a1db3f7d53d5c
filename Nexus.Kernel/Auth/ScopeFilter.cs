using Nexus.Kernel.Hosting;
using Nexus.Kernel.Http;

namespace Nexus.Kernel.Auth;

/// <summary>Endpoint filter: 401 without a valid token, 403 naming the missing scope, else the caller is set.</summary>
internal static class ScopeFilter
{
    private const string CallerKey = "nexus.caller";

    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var check = await http.RequestServices.GetRequiredService<AuthGate>().CheckAsync(http, scope, allowQueryToken: false);
            switch (check.Decision)
            {
                case AuthDecision.Unauthenticated:
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                    return Problems.Unauthorized(check.Detail);
                case AuthDecision.MissingScope:
                    return Problems.Forbidden(scope);
            }
            http.Items[CallerKey] = check.Caller;
            return await next(context);
        });

    /// <summary>The caller that the scope filter admitted.</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new InvalidOperationException("endpoint has no RequireScope filter");
}
