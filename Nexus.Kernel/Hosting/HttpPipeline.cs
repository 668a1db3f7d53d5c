using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Observability;
using Prometheus;

namespace Nexus.Kernel.Hosting;

internal static class HttpPipeline
{
    /// <summary>Errors as problems (never a stack trace; unknown routes and methods too, through status-code pages), forwarded headers from TRUSTED_PROXIES only, CORS, <paramref name="upgrades"/> (the WebSocket feature's own steps, which must run before routing), routing, listener gate.</summary>
    public static WebApplication UseKernelHttp(this WebApplication app, HttpPipelineOptions options, Action<WebApplication> upgrades)
    {
        app.UseHeaderLimits();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleException });
        app.UseStatusCodePages(context => EmptyStatusAsProblem(context.HttpContext));
        if (options.TrustedProxies.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var network in options.TrustedProxies) forwarded.KnownIPNetworks.Add(network);
            app.UseForwardedHeaders(forwarded);
        }
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors(policy =>
            {
                if (options.CorsOrigins.Contains("*")) policy.AllowAnyOrigin();
                else policy.WithOrigins([.. options.CorsOrigins]);
                policy.AllowAnyHeader().AllowAnyMethod();
            });
        }
        upgrades(app);
        app.UseRouting();
        app.UseListenerGate();
        app.Use(app.Services.GetRequiredService<HttpRequestMetrics>().InvokeAsync);
        return app;
    }

    /// <summary>/metrics on METRICS_PORT only (this kernel's registry).</summary>
    public static WebApplication MapKernelMetrics(this WebApplication app)
    {
        var counters = app.Services.GetRequiredService<KernelCounters>();
        app.Services.GetRequiredService<MetricsExporter>();
        app.MapMetrics("/metrics", counters.Registry).OnListeners(ListenerKind.Metrics);
        return app;
    }

    private static Task EmptyStatusAsProblem(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var path = context.Request.Path.Value ?? "";
        ProblemResult problem = status switch
        {
            404 => Problems.NotFound(path),
            405 => Problems.MethodNotAllowed(context.Request.Method, path),
            413 => Problems.PayloadTooLarge("the body exceeds BODY_LIMIT"),
            >= 500 => Problems.Internal(),
            _ => Problems.InvalidRequest($"the request was rejected with status {status}"),
        };
        return problem.ExecuteAsync(context);
    }

    /// <summary>An unreachable shared store is a 503 the client may retry (readiness is 503 too); anything else is a 500.</summary>
    private static Task HandleException(HttpContext context) =>
        context.Features.Get<IExceptionHandlerFeature>()?.Error is DependencyUnavailableException unavailable
            ? Problems.NotReady(unavailable.Detail).ExecuteAsync(context)
            : Problems.Internal().ExecuteAsync(context);
}
