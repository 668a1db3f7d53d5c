using System.Net;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Hosting's middleware pipeline: CORS and the proxies whose forwarded headers are honoured.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record HttpPipelineOptions
{
    public IReadOnlyList<string> CorsOrigins { get; init; } = Settings.CorsOrigins.Fallback;

    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = Settings.TrustedProxies.Fallback;
}
