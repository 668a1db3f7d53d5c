namespace Nexus.Kernel.Panels.Redis;

internal sealed partial class RedisPanelStore
{
    /// <summary>The shared store's log lines (event ids 5100–5199). Never the connection string: it may hold a password.</summary>
    private static partial class Log
    {
        [LoggerMessage(5100, LogLevel.Information, "Panel store on Redis at {endpoints}", EventName = "RedisStoreStarting")]
        public static partial void Starting(ILogger logger, string endpoints);

        [LoggerMessage(5101, LogLevel.Warning, "Panel store unreachable: {operation} failed: {reason}", EventName = "RedisStoreUnavailable")]
        public static partial void Unavailable(ILogger logger, string operation, string reason);

        [LoggerMessage(5102, LogLevel.Warning, "Redis {connection} connection lost: {failure}", EventName = "RedisConnectionLost")]
        public static partial void ConnectionLost(ILogger logger, string connection, string failure);

        [LoggerMessage(5103, LogLevel.Information, "Redis {connection} connection restored", EventName = "RedisConnectionRestored")]
        public static partial void ConnectionRestored(ILogger logger, string connection);
    }
}
