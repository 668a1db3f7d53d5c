using System.Net;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Hosting: the three listeners and the largest request body.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record ListenerOptions
{
    public int HttpPort { get; init; } = Settings.HttpPort.DefaultNumber;

    public int WsPort { get; init; } = Settings.WsPort.DefaultNumber;

    public int MetricsPort { get; init; } = Settings.MetricsPort.DefaultNumber;

    public IPAddress Host { get; init; } = Settings.Host.Fallback;

    public long BodyLimitBytes { get; init; } = Settings.BodyLimit.Fallback;
}
