namespace Nexus.Kernel.Panels;

internal sealed partial class PanelService
{
    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Panel {panelId} created by {sub} with {tools} tools", EventName = "PanelCreated")]
        public static partial void PanelCreated(ILogger logger, string panelId, string sub, int tools);

        [LoggerMessage(5002, LogLevel.Information, "Panel {panelId} deleted by {sub}", EventName = "PanelDeleted")]
        public static partial void PanelDeleted(ILogger logger, string panelId, string sub);
    }
}
