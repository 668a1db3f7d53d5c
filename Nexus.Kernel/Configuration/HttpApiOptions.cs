namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Http: the public address given to clients, and the limits a panel definition is checked against
/// at creation (tools, handler and module sizes).
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record HttpApiOptions
{
    public Uri? PublicUrl { get; init; } = Settings.PublicUrl.Fallback;

    public int MaxTools { get; init; } = Settings.MaxTools.DefaultNumber;

    public int MaxHandlerBytes { get; init; } = Settings.MaxHandlerBytes.DefaultNumber;

    public int MaxModuleBytes { get; init; } = Settings.MaxModuleBytes.DefaultNumber;
}
