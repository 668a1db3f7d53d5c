using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel;

/// <summary>One AddXxx per capability folder, so the composition reads as a list.</summary>
internal static class ServiceRegistration
{
    public static IServiceCollection AddObservability(this IServiceCollection services) => services
        .AddSingleton<KernelCounters>()
        .AddSingleton<MetricsExporter>();

    public static IServiceCollection AddLifecycle(this IServiceCollection services) => services
        .AddSingleton<IHostLifetime, SignalFreeLifetime>()
        .AddSingleton<DrainState>()
        .AddSingleton<ShutdownCoordinator>()
        .AddHostedService(sp => sp.GetRequiredService<ShutdownCoordinator>())
        .AddHostedService<StartupAnnouncement>();

    public static IServiceCollection AddAuth(this IServiceCollection services) => services
        .AddSingleton<TokenValidator>()
        .AddSingleton<AuthGate>();

    /// <summary>The engine and the registry of every <see cref="Extensions.IExtension"/> registered in DI.</summary>
    public static IServiceCollection AddExecution(this IServiceCollection services) => services
        .AddSingleton<Extensions.ExtensionRegistry>()
        .AddSingleton<ExecutionEngine>()
        .AddHostedService<ExecutionEngineStartup>();

    public static IServiceCollection AddPanels(this IServiceCollection services, KernelOptions options) => services
        .AddSingleton<PanelStore>(sp => options.PanelStore == PanelStoreKind.Redis
            ? Panels.Redis.RedisPanelStore.Connect(options.RedisUrl!, new Panels.Redis.RedisStoreOptions(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nexus.Kernel.Panels.Redis"))
            : new InMemoryPanelStore(sp.GetRequiredService<TimeProvider>()))
        .AddSingleton<PanelRuntimes>()
        .AddSingleton<PanelService>();

    /// <summary>Automatic triggers observe panels; they call back into PanelService lazily (it depends on them).</summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services) => services
        .AddSingleton(sp => new Lazy<PanelService>(sp.GetRequiredService<PanelService>))
        .AddSingleton<Triggers.ScheduledTriggers>()
        .AddSingleton<Triggers.ReactiveTriggers>()
        .AddSingleton<IPanelObserver>(sp => sp.GetRequiredService<Triggers.ScheduledTriggers>())
        .AddSingleton<IPanelObserver>(sp => sp.GetRequiredService<Triggers.ReactiveTriggers>());

    public static IServiceCollection AddExtensions(this IServiceCollection services) => services
        .AddSingleton<Extensions.Http.GuardedHttpClient>()
        .AddSingleton<Extensions.IExtension, Extensions.Http.HttpExtension>();

    public static IServiceCollection AddWebSockets(this IServiceCollection services) => services
        .AddSingleton<WebSockets.ConnectionRegistry>();

    public static IServiceCollection AddKernelCors(this IServiceCollection services, KernelOptions options) =>
        options.CorsOrigins.Count == 0 ? services : services.AddCors();
}
