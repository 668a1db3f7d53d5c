namespace Nexus.Kernel.Lifecycle;

internal static class LifecycleRegistration
{
    public static IServiceCollection AddLifecycle(this IServiceCollection services) => services
        .AddSingleton<IHostLifetime, SignalFreeLifetime>()
        .AddSingleton<DrainState>()
        .AddSingleton<ShutdownCoordinator>()
        .AddHostedService(sp => sp.GetRequiredService<ShutdownCoordinator>());
}
