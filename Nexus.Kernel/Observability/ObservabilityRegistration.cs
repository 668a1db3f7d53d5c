namespace Nexus.Kernel.Observability;

internal static class ObservabilityRegistration
{
    public static IServiceCollection AddObservability(this IServiceCollection services, KernelCounters counters) => services
        .AddSingleton(counters)
        .AddSingleton<MetricsExporter>()
        .AddSingleton<HttpRequestMetrics>();
}
