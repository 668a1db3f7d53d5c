using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Panels;

internal static class PanelsRegistration
{
    /// <summary>Panels and, for one process, the in-memory store. The Redis store registers itself from its own
    /// folder (<c>Redis/RedisRegistration</c>), which uses this one and not the other way round.</summary>
    public static IServiceCollection AddPanels(this IServiceCollection services, PanelOptions options) =>
        (options.PanelStore == PanelStoreKind.Redis ? services : services.AddInMemoryStore())
        .AddSingleton(options)
        .AddSingleton<PanelRuntimes>()
        .AddSingleton<PanelService>();

    /// <summary>One process: panels in memory, and every scheduled occurrence is this process's to run.</summary>
    private static IServiceCollection AddInMemoryStore(this IServiceCollection services) => services
        .AddSingleton<PanelStore>(sp => new InMemoryPanelStore(sp.GetRequiredService<TimeProvider>()))
        .AddSingleton<IScheduleClaims, LocalScheduleClaims>();
}
