namespace Nexus.Kernel.Extensions;

/// <summary>Extension log events (7000–7999).</summary>
internal static partial class ExtensionLog
{
    [LoggerMessage(7000, LogLevel.Information, "Extension {Extension} registered with methods {Methods}")]
    public static partial void Registered(ILogger logger, string extension, string methods);

    [LoggerMessage(7001, LogLevel.Warning, "Extension {Extension} is registered twice; the first registration wins")]
    public static partial void DuplicateIgnored(ILogger logger, string extension);

    [LoggerMessage(7002, LogLevel.Warning, "Extension call {Extension}.{Method} of panel {PanelId} failed: {Reason}")]
    public static partial void CallFailed(ILogger logger, string extension, string method, string panelId, string reason);
}
