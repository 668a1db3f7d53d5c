using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Hosting;
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

    public static IServiceCollection AddPanels(this IServiceCollection services, KernelOptions options) =>
        (options.PanelStore == PanelStoreKind.Redis ? services.AddRedisStore(options) : services.AddInMemoryStore())
        .AddSingleton<PanelRuntimes>()
        .AddSingleton<PanelService>();

    /// <summary>One process: panels in memory, and every scheduled occurrence is this process's to run.</summary>
    private static IServiceCollection AddInMemoryStore(this IServiceCollection services) => services
        .AddSingleton<PanelStore>(sp => new InMemoryPanelStore(sp.GetRequiredService<TimeProvider>()))
        .AddSingleton<IScheduleClaims, LocalScheduleClaims>();

    /// <summary>Many processes on one Redis: it also announces every creation and deletion (the catalog) and decides
    /// which process runs each scheduled occurrence (claims).</summary>
    private static IServiceCollection AddRedisStore(this IServiceCollection services, KernelOptions options) => services
        .AddSingleton(sp => Panels.Redis.RedisPanelStore.Connect(options.RedisUrl!, new Panels.Redis.RedisStoreOptions(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nexus.Kernel.Panels.Redis")))
        .AddSingleton<PanelStore>(sp => sp.GetRequiredService<Panels.Redis.RedisPanelStore>())
        .AddSingleton<IPanelCatalog>(sp => sp.GetRequiredService<Panels.Redis.RedisPanelStore>())
        .AddSingleton<IScheduleClaims>(sp => sp.GetRequiredService<Panels.Redis.RedisPanelStore>());

    /// <summary>
    /// Automatic triggers observe panels; they call back into PanelService lazily (it depends on them). With a shared
    /// store (it has a catalog), every process also schedules the panels created elsewhere.
    /// </summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services, KernelOptions options)
    {
        services
            .AddSingleton(sp => new Lazy<IToolRunner>(sp.GetRequiredService<PanelService>))
            .AddSingleton<Triggers.ScheduledTriggers>()
            .AddSingleton<Triggers.ReactiveTriggers>()
            .AddSingleton<IPanelLifecycleObserver>(sp => sp.GetRequiredService<Triggers.ScheduledTriggers>())
            .AddSingleton<IBatchObserver>(sp => sp.GetRequiredService<Triggers.ReactiveTriggers>());
        if (options.PanelStore == PanelStoreKind.Redis) services.AddHostedService<Triggers.ScheduleReconciler>();
        return services;
    }

    public static IServiceCollection AddExtensions(this IServiceCollection services) => services
        .AddSingleton<Extensions.Http.GuardedHttpClient>()
        .AddSingleton<Extensions.IExtension, Extensions.Http.HttpExtension>();

    public static IServiceCollection AddWebSockets(this IServiceCollection services) => services
        .AddSingleton<WebSockets.ConnectionRegistry>();

    public static IServiceCollection AddKernelCors(this IServiceCollection services, KernelOptions options) =>
        options.CorsOrigins.Count == 0 ? services : services.AddCors();
}
