namespace Nexus.Kernel.Execution.Caching;

/// <summary>Module cache log events (6100–6199).</summary>
internal static partial class CacheLog
{
    [LoggerMessage(6100, LogLevel.Warning, "Module cache directory {Directory} is not writable ({Reason}); compiled modules are kept in memory only")]
    public static partial void DiskDisabled(ILogger logger, string directory, string reason);

    [LoggerMessage(6101, LogLevel.Warning, "Cached artifact for {Module} ({Key}) failed verification ({Reason}); deleted, compiling again")]
    public static partial void ArtifactRejected(ILogger logger, string module, string key, string reason);

    [LoggerMessage(6102, LogLevel.Information, "Compiled {Module} ({Key}) in {ElapsedMs} ms, artifact {Bytes} bytes")]
    public static partial void Compiled(ILogger logger, string module, string key, long elapsedMs, int bytes);

    [LoggerMessage(6103, LogLevel.Debug, "Loaded {Module} ({Key}) from the {Tier} tier")]
    public static partial void Loaded(ILogger logger, string module, string key, string tier);

    [LoggerMessage(6104, LogLevel.Debug, "Evicted artifact {Key} ({Bytes} bytes) from the disk tier")]
    public static partial void Evicted(ILogger logger, string key, long bytes);
}
