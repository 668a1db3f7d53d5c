namespace Nexus.Kernel.Execution.Caching;

internal sealed partial class DiskTier
{
    /// <summary>Disk tier log events (in the module cache's range, 6100–6199).</summary>
    private static partial class Log
    {
        [LoggerMessage(6100, LogLevel.Warning, "Module cache directory {directory} is not writable ({reason}); compiled modules are kept in memory only", EventName = "DiskDisabled")]
        public static partial void DiskDisabled(ILogger logger, string directory, string reason);

        [LoggerMessage(6104, LogLevel.Debug, "Evicted artifact {key} ({bytes} bytes) from the disk tier", EventName = "Evicted")]
        public static partial void Evicted(ILogger logger, string key, long bytes);
    }
}
