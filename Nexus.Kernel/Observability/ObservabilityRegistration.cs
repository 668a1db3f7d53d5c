namespace Nexus.Kernel.Observability;

internal static class ObservabilityRegistration
{
    public static IServiceCollection AddObservability(this IServiceCollection services) => services
        .AddSingleton<KernelCounters>()
        .AddSingleton<MetricsExporter>();
}
