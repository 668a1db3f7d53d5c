using Microsoft.Net.Http.Headers;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Hosting;

namespace Nexus.Kernel.WebConsole;

/// <summary>
/// <c>GET /console</c> and its files on the HTTP port, only when CONSOLE_ENABLED (on by default with --dev); when
/// off nothing is mapped, so the routes are the ordinary 404. The page holds no secret and reaches nothing but the
/// public API, with the token its user gives it.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string Path = "/console";

    public static IServiceCollection AddWebConsole(this IServiceCollection services, ConsoleOptions options) =>
        services.AddSingleton(options).AddSingleton<ConsoleAssets>();

    public static IEndpointRouteBuilder MapWebConsole(this IEndpointRouteBuilder app, ConsoleOptions options)
    {
        if (!options.ConsoleEnabled) return app;
        // Routing ignores a trailing slash, so this serves /console/ too.
        app.MapGet(Path, (HttpContext context, ConsoleAssets assets, Listeners listeners) => Serve(context, assets, listeners, "index.html"));
        app.MapGet(Path + "/{file}", (string file, HttpContext context, ConsoleAssets assets, Listeners listeners) => Serve(context, assets, listeners, file));
        return app;
    }

    private static IResult Serve(HttpContext context, ConsoleAssets assets, Listeners listeners, string file)
    {
        if (assets.Find(file) is not { } asset) return Problems.NotFound(context.Request.Path);

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ConsolePolicy.For(context, listeners.PortOf(ListenerKind.WebSocket));
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: the URLs are not fingerprinted, and a 304 costs one small round trip.
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;

        var ifNoneMatch = context.Request.Headers[HeaderNames.IfNoneMatch].ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Any(tag => tag.Trim() == asset.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
