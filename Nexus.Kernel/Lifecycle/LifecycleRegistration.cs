using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Lifecycle;

internal static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services, ShutdownOptions options) => services
        .AddSingleton(options)
        .AddSingleton<IHostLifetime, SignalFreeLifetime>()
        .AddSingleton<DrainState>()
        .AddSingleton<ShutdownCoordinator>()
        .AddHostedService(sp => sp.GetRequiredService<ShutdownCoordinator>());
}
