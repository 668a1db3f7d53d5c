using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Auth;

internal static class AuthRegistration
{
    public static IServiceCollection AddAuth(this IServiceCollection services, AuthOptions options) => services
        .AddSingleton(options)
        .AddSingleton<TokenValidator>()
        .AddSingleton<AuthGate>();
}
