using Nexus.Kernel.Tests.Execution;

namespace Nexus.Kernel.Tests.Execution.JavaScript;

/// <summary>
/// An engine's snapshot (a memfd and a read-only view of it) goes with the engine. Tests and any host that builds
/// engines more than once would otherwise keep 2.9 MiB of memory per engine for the life of the process.
/// </summary>
public class SnapshotReleaseTests
{
    [Test]
    public async Task Disposing_an_engine_unmaps_its_snapshot()
    {
        var before = SnapshotFiles();
        var harness = new EngineHarness();
        var result = await harness.RunAsync("return 1;");
        await Assert.That(result.Status).IsEqualTo("success");
        // Other tests build engines at the same time: ours is among the snapshot files that appeared meanwhile.
        var appeared = SnapshotFiles().Except(before).ToList();
        await Assert.That(appeared).IsNotEmpty();

        await harness.DisposeAsync();

        var left = SnapshotFiles();
        await Assert.That(appeared.Any(inode => !left.Contains(inode))).IsTrue();
    }

    /// <summary>The inodes of the snapshot memfds mapped in this process (/proc/self/maps: address perms offset dev inode path).</summary>
    private static HashSet<string> SnapshotFiles() =>
        File.ReadLines("/proc/self/maps")
            .Where(line => line.Contains("nexus-sandbox-snapshot", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4])
            .ToHashSet();
}
