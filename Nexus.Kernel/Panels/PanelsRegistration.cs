using Nexus.Kernel.Configuration;
using Nexus.Kernel.Panels.Redis;

namespace Nexus.Kernel.Panels;

internal static class PanelsRegistration
{
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
        .AddSingleton(sp => RedisPanelStore.Connect(options.RedisUrl!, new RedisStoreOptions(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nexus.Kernel.Panels.Redis"),
            options.RedisPassword, options.RedisTlsCaFile))
        .AddSingleton<PanelStore>(sp => sp.GetRequiredService<RedisPanelStore>())
        .AddSingleton<IPanelCatalog>(sp => sp.GetRequiredService<RedisPanelStore>())
        .AddSingleton<IScheduleClaims>(sp => sp.GetRequiredService<RedisPanelStore>());
}
