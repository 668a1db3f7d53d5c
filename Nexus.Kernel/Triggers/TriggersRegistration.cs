using Nexus.Kernel.Configuration;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Triggers;

internal static class TriggersRegistration
{
    /// <summary>
    /// Automatic triggers observe panels and run tools through <see cref="IToolRunner"/>, resolved lazily
    /// (PanelService depends on its observers). With a shared store (it has a catalog), every process also schedules
    /// the panels created elsewhere.
    /// </summary>
    public static IServiceCollection AddTriggers(this IServiceCollection services, PanelOptions options)
    {
        services
            .AddSingleton(sp => new Lazy<IToolRunner>(sp.GetRequiredService<PanelService>))
            .AddSingleton<ScheduledTriggers>()
            .AddSingleton<ReactiveTriggers>()
            .AddSingleton<IPanelLifecycleObserver>(sp => sp.GetRequiredService<ScheduledTriggers>())
            .AddSingleton<IBatchObserver>(sp => sp.GetRequiredService<ReactiveTriggers>());
        if (options.PanelStore == PanelStoreKind.Redis) services.AddHostedService<ScheduleReconciler>();
        return services;
    }
}
