namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of WebSockets: message size, connections, rate, send queue and keep-alive.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record PanelSocketOptions
{
    public int WsMaxMessageBytes { get; init; } = Settings.WsMaxMessageBytes.DefaultNumber;

    public int WsMaxConnections { get; init; } = Settings.WsMaxConnections.DefaultNumber;

    public int WsRateLimit { get; init; } = Settings.WsRateLimit.DefaultNumber;

    public int WsRateBurst { get; init; } = Settings.WsRateBurst.DefaultNumber;

    public int WsSendQueueBytes { get; init; } = Settings.WsSendQueueBytes.DefaultNumber;

    public int WsPingIntervalMs { get; init; } = Settings.WsPingIntervalMs.DefaultNumber;

    public int WsPingTimeoutMs { get; init; } = Settings.WsPingTimeoutMs.DefaultNumber;
}
