namespace Nexus.Kernel.Execution.Caching;

/// <summary>Module cache log events (6100–6199).</summary>
internal static partial class CacheLog
{
    [LoggerMessage(6100, LogLevel.Warning, "Module cache directory {directory} is not writable ({reason}); compiled modules are kept in memory only", EventName = "DiskDisabled")]
    public static partial void DiskDisabled(ILogger logger, string directory, string reason);

    [LoggerMessage(6101, LogLevel.Warning, "Cached artifact for {module} ({key}) failed verification ({reason}); deleted, compiling again", EventName = "ArtifactRejected")]
    public static partial void ArtifactRejected(ILogger logger, string module, string key, string reason);

    [LoggerMessage(6102, LogLevel.Information, "Compiled {module} ({key}) in {elapsedMs} ms, artifact {bytes} bytes", EventName = "Compiled")]
    public static partial void Compiled(ILogger logger, string module, string key, long elapsedMs, int bytes);

    [LoggerMessage(6103, LogLevel.Debug, "Loaded {module} ({key}) from the {tier} tier", EventName = "Loaded")]
    public static partial void Loaded(ILogger logger, string module, string key, string tier);

    [LoggerMessage(6104, LogLevel.Debug, "Evicted artifact {key} ({bytes} bytes) from the disk tier", EventName = "Evicted")]
    public static partial void Evicted(ILogger logger, string key, long bytes);
}
