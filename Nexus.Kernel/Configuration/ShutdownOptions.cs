namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Lifecycle: how long readiness fails before refusing work, and how long to drain.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record ShutdownOptions
{
    public int ShutdownDelayMs { get; init; } = Settings.ShutdownDelayMs.DefaultNumber;

    public int ShutdownTimeoutMs { get; init; } = Settings.ShutdownTimeoutMs.DefaultNumber;
}
