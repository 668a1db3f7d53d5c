namespace Nexus.Kernel.Extensions.Http;

/// <summary>Registers <c>$ext.http</c> beside its code; the engine finds it among the <see cref="IExtension"/>s.</summary>
internal static class HttpExtensionRegistration
{
    public static IServiceCollection AddHttpExtension(this IServiceCollection services) => services
        .AddSingleton<GuardedHttpClient>()
        .AddSingleton<IExtension, HttpExtension>();
}
