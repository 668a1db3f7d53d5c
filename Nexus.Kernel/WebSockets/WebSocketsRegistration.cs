using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.WebSockets;

internal static class WebSocketsRegistration
{
    public static IServiceCollection AddWebSockets(this IServiceCollection services, PanelSocketOptions options) => services
        .AddSingleton(options)
        .AddSingleton<ConnectionRegistry>();
}
