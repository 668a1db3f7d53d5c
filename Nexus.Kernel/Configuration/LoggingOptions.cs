namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Observability: the least severe level written and the line format.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record LoggingOptions
{
    public KernelLogLevel LogLevel { get; init; } = Settings.LogLevel.Fallback;

    public LogFormat LogFormat { get; init; } = Settings.LogFormat.Fallback;
}
