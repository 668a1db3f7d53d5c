using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Build;

/// <summary>
/// The published binary reads the cgroup memory limit at start (MEMORY_CGROUP_DIR points it at a fake cgroup
/// mount here) and refuses a configuration whose worst case exceeds it.
/// </summary>
public class MemoryBudgetStartupTests
{
    // (2 + 4) x 16 + 32 + 96 = 224 MiB.
    private static Dictionary<string, string> Environment(long cgroupLimitBytes)
    {
        var cgroup = Directory.CreateTempSubdirectory("nexus-cgroup-").FullName;
        File.WriteAllText(Path.Combine(cgroup, "memory.max"), $"{cgroupLimitBytes}\n");
        var env = AotBinaryTests.BaseEnvironment(Directory.CreateTempSubdirectory("nexus-aot-").FullName);
        env["MAX_INSTANCES"] = "2";
        env["MAX_SUSPENDED"] = "4";
        env["MEMORY_LIMIT_MB"] = "16";
        env["CACHE_MAX_MB"] = "32";
        env["MEMORY_CGROUP_DIR"] = cgroup;
        return env;
    }

    [Test]
    public async Task A_worst_case_over_the_cgroup_limit_stops_startup_with_one_line_and_exit_2()
    {
        var binary = await AotPublish.EnsureAsync();
        await using var kernel = KernelProcess.Start(binary, Environment(224L * 1024 * 1024 - 1));

        await Assert.That(await kernel.WaitForExitAsync(TimeSpan.FromSeconds(30))).IsEqualTo(2);
        await Assert.That(kernel.Lines.Count).IsEqualTo(1);
        await Assert.That(kernel.Lines[0]).StartsWith("invalid configuration: the worst case (MAX_INSTANCES 2 + MAX_SUSPENDED 4)");
        await Assert.That(kernel.Lines[0]).Contains("= 224 MiB exceeds the cgroup memory limit");
    }

    [Test]
    public async Task A_worst_case_equal_to_the_cgroup_limit_starts()
    {
        var binary = await AotPublish.EnsureAsync();
        await using var kernel = KernelProcess.Start(binary, Environment(224L * 1024 * 1024));

        await kernel.WaitListeningAsync();
    }
}
