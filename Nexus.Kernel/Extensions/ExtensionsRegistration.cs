using Nexus.Kernel.Extensions.Http;

namespace Nexus.Kernel.Extensions;

internal static class ExtensionsRegistration
{
    public static IServiceCollection AddExtensions(this IServiceCollection services) => services
        .AddSingleton<GuardedHttpClient>()
        .AddSingleton<IExtension, HttpExtension>();
}
