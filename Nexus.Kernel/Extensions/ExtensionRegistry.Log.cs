namespace Nexus.Kernel.Extensions;

internal sealed partial class ExtensionRegistry
{
    /// <summary>Extension log events (7000–7999; a failed call, 7002, is logged by the engine that made it).</summary>
    private static partial class Log
    {
        [LoggerMessage(7000, LogLevel.Information, "Extension {extension} registered with methods {methods}", EventName = "Registered")]
        public static partial void Registered(ILogger logger, string extension, string methods);

        [LoggerMessage(7001, LogLevel.Warning, "Extension {extension} is registered twice; the first registration wins", EventName = "DuplicateIgnored")]
        public static partial void DuplicateIgnored(ILogger logger, string extension);
    }
}
