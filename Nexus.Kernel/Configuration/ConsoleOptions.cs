namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of WebConsole: whether <c>/console</c> is served.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record ConsoleOptions
{
    /// <summary>Serve the browser console at <c>/console</c> (default: on with <c>--dev</c>, off otherwise).</summary>
    public bool ConsoleEnabled { get; init; } = Settings.ConsoleEnabled.Fallback;
}
