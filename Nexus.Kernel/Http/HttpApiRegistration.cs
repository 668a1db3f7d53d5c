using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Http;

internal static class HttpApiRegistration
{
    /// <summary>The HTTP API's own settings, which its handlers take as a parameter (resolved from DI).</summary>
    public static IServiceCollection AddHttpApi(this IServiceCollection services, HttpApiOptions options) =>
        services.AddSingleton(options);
}
