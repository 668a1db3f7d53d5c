namespace Nexus.Kernel.Panels.Redis;

internal sealed partial class RedisLease
{
    /// <summary>Lease log events (in the shared store's range, 5100–5199).</summary>
    private static partial class Log
    {
        [LoggerMessage(5104, LogLevel.Warning, "Lease renewal for panel {panelId} failed (retrying while it lasts): {reason}", EventName = "LeaseRenewFailed")]
        public static partial void LeaseRenewFailed(ILogger logger, string panelId, string reason);

        [LoggerMessage(5105, LogLevel.Warning, "Lease {token} on panel {panelId} was lost; its commits will be refused", EventName = "LeaseLost")]
        public static partial void LeaseLost(ILogger logger, string panelId, long token);

        [LoggerMessage(5106, LogLevel.Warning, "Lease release for panel {panelId} failed (it expires by itself): {reason}", EventName = "LeaseReleaseFailed")]
        public static partial void LeaseReleaseFailed(ILogger logger, string panelId, string reason);
    }
}
