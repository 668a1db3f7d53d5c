namespace Nexus.Kernel.Execution.Host;

internal sealed partial class GuestSession
{
    /// <summary>Capability denials and the guest's own log lines: they carry the panel and tool, never the state.</summary>
    private static partial class Log
    {
        [LoggerMessage(6003, LogLevel.Warning, "Capability denied: panel {panelId} tool {tool} attempted {operation} without {capability}", EventName = "PermissionDenied")]
        public static partial void PermissionDenied(ILogger logger, string panelId, string tool, string operation, string capability);

        [LoggerMessage(6010, LogLevel.Debug, "[guest {panelId}/{tool}] {detail}", EventName = "GuestDebug")]
        public static partial void GuestDebug(ILogger logger, string panelId, string tool, string detail);

        [LoggerMessage(6011, LogLevel.Information, "[guest {panelId}/{tool}] {detail}", EventName = "GuestInfo")]
        public static partial void GuestInfo(ILogger logger, string panelId, string tool, string detail);

        [LoggerMessage(6012, LogLevel.Warning, "[guest {panelId}/{tool}] {detail}", EventName = "GuestWarn")]
        public static partial void GuestWarn(ILogger logger, string panelId, string tool, string detail);

        [LoggerMessage(6013, LogLevel.Error, "[guest {panelId}/{tool}] {detail}", EventName = "GuestError")]
        public static partial void GuestError(ILogger logger, string panelId, string tool, string detail);
    }
}
