namespace Nexus.Kernel.Extensions;

/// <summary>Extension log events (7000–7999).</summary>
internal static partial class ExtensionLog
{
    [LoggerMessage(7000, LogLevel.Information, "Extension {extension} registered with methods {methods}", EventName = "Registered")]
    public static partial void Registered(ILogger logger, string extension, string methods);

    [LoggerMessage(7001, LogLevel.Warning, "Extension {extension} is registered twice; the first registration wins", EventName = "DuplicateIgnored")]
    public static partial void DuplicateIgnored(ILogger logger, string extension);

    [LoggerMessage(7002, LogLevel.Warning, "Extension call {extension}.{method} of panel {panelId} failed: {reason}", EventName = "CallFailed")]
    public static partial void CallFailed(ILogger logger, string extension, string method, string panelId, string reason);
}
