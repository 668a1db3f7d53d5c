using System.Globalization;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// The configured worst case (README "Memory") against the container's cgroup memory limit: a pod whose limit
/// cannot hold every running and suspended execution at its cap would be OOM-killed under load, so start-up
/// refuses it in one line instead.
/// </summary>
internal static class MemoryBudget
{
    /// <summary>The process besides its sandboxes and module cache: runtime, Kestrel, libwasmtime.so, buffers.</summary>
    public const long ProcessBaseMiB = 96;

    private const long MiB = 1024 * 1024;

    /// <summary>(MAX_INSTANCES + MAX_SUSPENDED) × MEMORY_LIMIT_MB + CACHE_MAX_MB + 96 MiB, in bytes.</summary>
    public static long WorstCaseBytes(KernelOptions options) =>
        ((long)(options.Execution.MaxInstances + options.Execution.MaxSuspended) * options.Execution.MemoryLimitMb + options.ModuleCache.CacheMaxMb + ProcessBaseMiB) * MiB;

    /// <summary>Throws when a limit is known and the worst case exceeds it; no limit (null) always passes.</summary>
    public static void Check(KernelOptions options, long? limitBytes)
    {
        var worst = WorstCaseBytes(options);
        if (limitBytes is not { } limit || worst <= limit) return;
        throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
            $"invalid configuration: the worst case (MAX_INSTANCES {options.Execution.MaxInstances} + MAX_SUSPENDED {options.Execution.MaxSuspended}) x MEMORY_LIMIT_MB {options.Execution.MemoryLimitMb} + CACHE_MAX_MB {options.ModuleCache.CacheMaxMb} + {ProcessBaseMiB} MiB base = {worst / MiB} MiB exceeds the cgroup memory limit of {limit / MiB} MiB ({limit} bytes): lower those settings or raise the container's memory limit"));
    }

    /// <summary>
    /// The memory limit of the cgroup mounted at <paramref name="cgroupDir"/>: v2 <c>memory.max</c>, else v1
    /// <c>memory/memory.limit_in_bytes</c>. Null when there is none ("max", v1's near-2^63 "unlimited", no file).
    /// </summary>
    public static long? ReadCgroupLimitBytes(string cgroupDir)
    {
        foreach (var file in new[] { Path.Combine(cgroupDir, "memory.max"), Path.Combine(cgroupDir, "memory", "memory.limit_in_bytes") })
        {
            string text;
            try
            {
                text = File.ReadAllText(file).Trim();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (text == "max") return null;
            // cgroup v1 writes "unlimited" as the largest page-aligned long; anything from 2^62 up means the same.
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes < (1L << 62) ? bytes : null;
        }
        return null;
    }
}
