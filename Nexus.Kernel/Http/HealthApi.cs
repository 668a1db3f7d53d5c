using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Http;

/// <summary><c>/health</c> (the process answers) and <c>/health/ready</c> (it should get traffic).</summary>
internal static class HealthApi
{
    private static readonly long StartedAt = Stopwatch.GetTimestamp();

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", Health);
        app.MapGet("/health/ready", ReadyAsync);
        return app;
    }

    private static Ok<HealthReport> Health(KernelCounters counters, PanelRuntimes runtimes, ExecutionEngine engine) =>
        TypedResults.Ok(new HealthReport(
            "healthy",
            KernelVersion.Value,
            (long)Stopwatch.GetElapsedTime(StartedAt).TotalMilliseconds,
            new PanelCounts((int)Volatile.Read(ref counters.PanelsActive), runtimes.SuspendedCount),
            new RuntimeReport(engine.ActiveInstances, engine.AvailableInstances, engine.CacheHitRate, Environment.WorkingSet)));

    private static async Task<Results<Ok<ReadinessReport>, ProblemResult>> ReadyAsync(
        ExecutionEngine engine, PanelStore store, DrainState drain, HttpContext context)
    {
        var reasons = new List<string>();
        if (drain.IsDraining) reasons.Add("draining");
        if (!engine.IsReady) reasons.Add("engine initializing");
        if (!await store.IsReachableAsync(context.RequestAborted)) reasons.Add("panel store unreachable");
        return reasons.Count == 0
            ? TypedResults.Ok(new ReadinessReport("ready", reasons))
            : Problems.NotReady(string.Join(", ", reasons));
    }
}
