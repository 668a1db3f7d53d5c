using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Extensions.Http;

/// <summary>Registers <c>$ext.http</c> beside its code; the engine finds it among the <see cref="IExtension"/>s.</summary>
internal static class HttpExtensionRegistration
{
    public static IServiceCollection AddHttpExtension(this IServiceCollection services, HttpExtensionOptions options) => services
        .AddSingleton(options)
        .AddSingleton<GuardedHttpClient>()
        .AddSingleton<IExtension, HttpExtension>();
}
