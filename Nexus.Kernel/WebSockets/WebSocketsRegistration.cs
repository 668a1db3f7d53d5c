namespace Nexus.Kernel.WebSockets;

internal static class WebSocketsRegistration
{
    public static IServiceCollection AddWebSockets(this IServiceCollection services) => services
        .AddSingleton<ConnectionRegistry>();
}
