using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Nexus.Kernel.Observability;

/// <summary>
/// The request metrics prometheus-net's <c>UseHttpMetrics</c> exported, with the same names, labels and buckets
/// (<c>http_requests_in_progress</c>, <c>http_requests_received_total</c>, <c>http_request_duration_seconds</c>), in
/// one middleware that finds an endpoint's series once and keeps them: the library's three middlewares looked up
/// their label values, status text and exemplar on every request, 5–10 % of a trigger's CPU (perf-trigger.md §7).
/// A method outside the standard ones is labelled <c>other</c>, so a client cannot add series at will.
/// </summary>
internal sealed class HttpRequestMetrics
{
    private static readonly string[] Labels = ["code", "method", "controller", "action", "endpoint"];
    private static readonly string[] InProgressLabels = ["method", "controller", "action", "endpoint"];

    private readonly Gauge _inProgress;
    private readonly Counter _received;
    private readonly Histogram _duration;
    private readonly ConcurrentDictionary<(Endpoint?, string), Gauge.Child> _inProgressSeries = new();
    private readonly ConcurrentDictionary<(Endpoint?, string, int), Finished> _finishedSeries = new();

    public HttpRequestMetrics(KernelCounters counters)
    {
        var factory = Metrics.WithCustomRegistry(counters.Registry);
        _inProgress = factory.CreateGauge("http_requests_in_progress",
            "The number of requests currently in progress in the ASP.NET Core pipeline. One series without controller/action label values counts all in-progress requests, with separate series existing for each controller-action pair.",
            InProgressLabels);
        _received = factory.CreateCounter("http_requests_received_total",
            "Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.", Labels);
        _duration = factory.CreateHistogram("http_request_duration_seconds",
            "The duration of HTTP requests processed by an ASP.NET Core application.",
            new HistogramConfiguration { LabelNames = Labels, Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
    }

    /// <summary>Runs after routing, so the endpoint (and its route pattern) is known when the request starts.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var endpoint = context.GetEndpoint();
        var method = MethodLabel(context.Request.Method);
        var inProgress = _inProgressSeries.GetOrAdd((endpoint, method), static (key, gauge) =>
            gauge.WithLabels(key.Item2, "", "", RouteOf(key.Item1)), _inProgress);
        inProgress.Inc();
        try
        {
            await next(context);
        }
        finally
        {
            inProgress.Dec();
            var finished = _finishedSeries.GetOrAdd((endpoint, method, context.Response.StatusCode), static (key, metrics) =>
                metrics.Series(key.Item1, key.Item2, key.Item3), this);
            finished.Received.Inc();
            finished.Duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private Finished Series(Endpoint? endpoint, string method, int code)
    {
        string[] labels = [code.ToString(System.Globalization.CultureInfo.InvariantCulture), method, "", "", RouteOf(endpoint)];
        return new Finished(_received.WithLabels(labels), _duration.WithLabels(labels));
    }

    private static string RouteOf(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "";

    private static string MethodLabel(string method) =>
        HttpMethods.IsGet(method) ? HttpMethods.Get
        : HttpMethods.IsPost(method) ? HttpMethods.Post
        : HttpMethods.IsPut(method) ? HttpMethods.Put
        : HttpMethods.IsDelete(method) ? HttpMethods.Delete
        : HttpMethods.IsPatch(method) ? HttpMethods.Patch
        : HttpMethods.IsHead(method) ? HttpMethods.Head
        : HttpMethods.IsOptions(method) ? HttpMethods.Options
        : HttpMethods.IsTrace(method) ? HttpMethods.Trace
        : HttpMethods.IsConnect(method) ? HttpMethods.Connect
        : "other";

    private sealed record Finished(Counter.Child Received, Histogram.Child Duration);
}
