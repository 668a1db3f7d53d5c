namespace Nexus.Kernel.Auth;

internal static class AuthRegistration
{
    public static IServiceCollection AddAuth(this IServiceCollection services) => services
        .AddSingleton<TokenValidator>()
        .AddSingleton<AuthGate>();
}
