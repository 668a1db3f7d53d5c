using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Hosting;

internal static class HostingRegistration
{
    /// <summary>The listeners (already bound into Kestrel's configuration), the start-up line, and CORS when configured.</summary>
    public static IServiceCollection AddHosting(this IServiceCollection services, Listeners listeners, ListenerOptions addresses, HttpPipelineOptions options)
    {
        services
            .AddSingleton(addresses)
            .AddSingleton(options)
            .AddSingleton(listeners)
            .AddHostedService<StartupAnnouncement>();
        return options.CorsOrigins.Count == 0 ? services : services.AddCors();
    }
}
