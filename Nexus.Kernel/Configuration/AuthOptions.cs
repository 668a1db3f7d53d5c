namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Auth: token validation and issuing.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record AuthOptions
{
    public bool AuthEnabled { get; init; } = Settings.AuthEnabled.Fallback;

    public byte[] JwtSecret { get; init; } = [];

    public string? JwtIssuer { get; init; } = Settings.JwtIssuer.Fallback;

    public string? JwtAudience { get; init; } = Settings.JwtAudience.Fallback;

    public TimeSpan JwtMaxTtl { get; init; } = TimeSpan.FromSeconds(Settings.JwtMaxTtl.DefaultNumber);
}
