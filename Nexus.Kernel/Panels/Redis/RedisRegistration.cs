using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Panels.Redis;

internal static class RedisRegistration
{
    /// <summary>Many processes on one Redis (PANEL_STORE=redis): the store also announces every creation and
    /// deletion (the catalog) and decides which process runs each scheduled occurrence (claims). Nothing otherwise.</summary>
    public static IServiceCollection AddRedisPanelStore(this IServiceCollection services, PanelOptions panels, RedisConnectionOptions options) =>
        panels.PanelStore != PanelStoreKind.Redis ? services : services
            .AddSingleton(sp => RedisPanelStore.Connect(options.RedisUrl!, new RedisStoreOptions(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nexus.Kernel.Panels.Redis"),
                options.RedisPassword, options.RedisTlsCaFile))
            .AddSingleton<PanelStore>(sp => sp.GetRequiredService<RedisPanelStore>())
            .AddSingleton<IPanelCatalog>(sp => sp.GetRequiredService<RedisPanelStore>())
            .AddSingleton<IScheduleClaims>(sp => sp.GetRequiredService<RedisPanelStore>());
}
