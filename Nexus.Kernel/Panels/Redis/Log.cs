namespace Nexus.Kernel.Panels.Redis;

/// <summary>The shared store's log lines (event ids 5100–5199). Never the connection string: it may hold a password.</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Information, "Panel store on Redis at {endpoints}", EventName = "RedisStoreStarting")]
    public static partial void Starting(ILogger logger, string endpoints);

    [LoggerMessage(5101, LogLevel.Warning, "Panel store unreachable: {operation} failed: {reason}", EventName = "RedisStoreUnavailable")]
    public static partial void Unavailable(ILogger logger, string operation, string reason);

    [LoggerMessage(5102, LogLevel.Warning, "Redis {connection} connection lost: {failure}", EventName = "RedisConnectionLost")]
    public static partial void ConnectionLost(ILogger logger, string connection, string failure);

    [LoggerMessage(5103, LogLevel.Information, "Redis {connection} connection restored", EventName = "RedisConnectionRestored")]
    public static partial void ConnectionRestored(ILogger logger, string connection);

    [LoggerMessage(5104, LogLevel.Warning, "Lease renewal for panel {panelId} failed (retrying while it lasts): {reason}", EventName = "LeaseRenewFailed")]
    public static partial void LeaseRenewFailed(ILogger logger, string panelId, string reason);

    [LoggerMessage(5105, LogLevel.Warning, "Lease {token} on panel {panelId} was lost; its commits will be refused", EventName = "LeaseLost")]
    public static partial void LeaseLost(ILogger logger, string panelId, long token);

    [LoggerMessage(5106, LogLevel.Warning, "Lease release for panel {panelId} failed (it expires by itself): {reason}", EventName = "LeaseReleaseFailed")]
    public static partial void LeaseReleaseFailed(ILogger logger, string panelId, string reason);

    [LoggerMessage(5107, LogLevel.Information, "Feed of panel {panelId} skipped from {last} to {seq}; resyncing listeners", EventName = "FeedGap")]
    public static partial void FeedGap(ILogger logger, string panelId, long last, long seq);

    [LoggerMessage(5108, LogLevel.Warning, "Feed of panel {panelId} could not resync (retried on the next message): {reason}", EventName = "FeedResyncFailed")]
    public static partial void FeedResyncFailed(ILogger logger, string panelId, string reason);

    [LoggerMessage(5109, LogLevel.Warning, "Feed of panel {panelId} dropped an unreadable message: {reason}", EventName = "FeedMessageInvalid")]
    public static partial void FeedMessageInvalid(ILogger logger, string panelId, string reason);
}
