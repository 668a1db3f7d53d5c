namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Execution/Caching: where compiled modules are kept and how much of them.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record ModuleCacheOptions
{
    public string CacheDir { get; init; } = Settings.CacheDir.Fallback!;

    public int CacheMaxMb { get; init; } = Settings.CacheMaxMb.DefaultNumber;

    public int CacheDiskMaxMb { get; init; } = Settings.CacheDiskMaxMb.DefaultNumber;
}
