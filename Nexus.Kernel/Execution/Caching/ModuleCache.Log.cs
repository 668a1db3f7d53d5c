namespace Nexus.Kernel.Execution.Caching;

internal sealed partial class ModuleCache
{
    /// <summary>Module cache log events (6100–6199; the disk tier's own are in <see cref="DiskTier"/>).</summary>
    private static partial class Log
    {
        [LoggerMessage(6101, LogLevel.Warning, "Cached artifact for {module} ({key}) failed verification ({reason}); deleted, compiling again", EventName = "ArtifactRejected")]
        public static partial void ArtifactRejected(ILogger logger, string module, string key, string reason);

        [LoggerMessage(6102, LogLevel.Information, "Compiled {module} ({key}) in {elapsedMs} ms, artifact {bytes} bytes", EventName = "Compiled")]
        public static partial void Compiled(ILogger logger, string module, string key, long elapsedMs, int bytes);

        [LoggerMessage(6103, LogLevel.Debug, "Loaded {module} ({key}) from the {tier} tier", EventName = "Loaded")]
        public static partial void Loaded(ILogger logger, string module, string key, string tier);
    }
}
