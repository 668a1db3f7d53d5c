namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Extensions/Http: what <c>$ext.http</c> may reach, how many calls at once, how long and how big.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record HttpExtensionOptions
{
    public int HttpMaxConcurrent { get; init; } = Settings.HttpMaxConcurrent.DefaultNumber;

    public int HttpTimeoutMs { get; init; } = Settings.HttpTimeout.DefaultNumber;

    public IReadOnlyList<string> HttpAllowedDomains { get; init; } = Settings.HttpAllowedDomains.Fallback;

    public long HttpMaxResponseBytes { get; init; } = Settings.HttpMaxResponseBytes.Fallback;

    public bool HttpAllowPrivate { get; init; } = Settings.HttpAllowPrivate.Fallback;
}
