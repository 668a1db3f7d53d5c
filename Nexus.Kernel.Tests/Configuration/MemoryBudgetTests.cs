using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Tests.Configuration;

/// <summary>The configured worst case (README "Memory") against a cgroup memory limit read from its files.</summary>
public class MemoryBudgetTests
{
    private const long MiB = 1024 * 1024;

    // (4 + 16) x 32 + 64 + 96 = 800 MiB: the prod overlay's values.
    private static readonly KernelOptions Prod = new()
    {
        Execution = new() { MaxInstances = 4, MaxSuspended = 16, MemoryLimitMb = 32 },
        ModuleCache = new() { CacheMaxMb = 64 },
    };

    private static string CgroupDir(string file, string content)
    {
        var dir = Directory.CreateTempSubdirectory("nexus-cgroup-").FullName;
        var path = Path.Combine(dir, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return dir;
    }

    [Test]
    public async Task Worst_case_counts_running_and_suspended_executions_the_cache_and_the_base()
    {
        await Assert.That(MemoryBudget.WorstCaseBytes(Prod)).IsEqualTo(800 * MiB);
    }

    [Test]
    public async Task A_limit_equal_to_the_worst_case_passes_and_one_byte_less_is_refused_in_one_line()
    {
        MemoryBudget.Check(Prod, 800 * MiB);
        MemoryBudget.Check(Prod, null);

        var error = Assert.Throws<ConfigurationException>(() => MemoryBudget.Check(Prod, 800 * MiB - 1));
        await Assert.That(error.Message).IsEqualTo(
            "invalid configuration: the worst case (MAX_INSTANCES 4 + MAX_SUSPENDED 16) x MEMORY_LIMIT_MB 32 + CACHE_MAX_MB 64 + 96 MiB base = 800 MiB exceeds the cgroup memory limit of 799 MiB (838860799 bytes): lower those settings or raise the container's memory limit");
        await Assert.That(error.Message).DoesNotContain("\n");
    }

    [Test]
    public async Task Cgroup_v2_memory_max_is_read_and_max_means_no_limit()
    {
        await Assert.That(MemoryBudget.ReadCgroupLimitBytes(CgroupDir("memory.max", "536870912\n"))).IsEqualTo(512 * MiB);
        await Assert.That(MemoryBudget.ReadCgroupLimitBytes(CgroupDir("memory.max", "max\n"))).IsNull();
    }

    [Test]
    public async Task Cgroup_v1_limit_in_bytes_is_the_fallback_and_its_unlimited_value_means_no_limit()
    {
        await Assert.That(MemoryBudget.ReadCgroupLimitBytes(CgroupDir("memory/memory.limit_in_bytes", "1073741824\n"))).IsEqualTo(1024 * MiB);
        await Assert.That(MemoryBudget.ReadCgroupLimitBytes(CgroupDir("memory/memory.limit_in_bytes", "9223372036854771712\n"))).IsNull();
        await Assert.That(MemoryBudget.ReadCgroupLimitBytes(Directory.CreateTempSubdirectory("nexus-cgroup-").FullName)).IsNull();
    }
}
