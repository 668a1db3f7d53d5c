namespace Nexus.Kernel.Panels.Redis;

internal sealed partial class PanelFeed
{
    /// <summary>Feed log events (in the shared store's range, 5100–5199).</summary>
    private static partial class Log
    {
        [LoggerMessage(5107, LogLevel.Information, "Feed of panel {panelId} skipped from {last} to {seq}; resyncing listeners", EventName = "FeedGap")]
        public static partial void FeedGap(ILogger logger, string panelId, long last, long seq);

        [LoggerMessage(5108, LogLevel.Warning, "Feed of panel {panelId} could not resync (retried on the next message): {reason}", EventName = "FeedResyncFailed")]
        public static partial void FeedResyncFailed(ILogger logger, string panelId, string reason);

        [LoggerMessage(5109, LogLevel.Warning, "Feed of panel {panelId} dropped an unreadable message: {reason}", EventName = "FeedMessageInvalid")]
        public static partial void FeedMessageInvalid(ILogger logger, string panelId, string reason);
    }
}
