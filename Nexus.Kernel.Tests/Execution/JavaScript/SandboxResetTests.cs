
using Nexus.Kernel.Execution.JavaScript;

namespace Nexus.Kernel.Tests.Execution.JavaScript;

/// <summary>
/// A reset must give back the snapshot byte for byte, whichever pages the guest wrote. On Linux the sandbox maps the
/// snapshot copy-on-write and resets only the pages the kernel copied, found with a page-map scan (Linux 6.7+) or by
/// reading the whole page map; these tests hold every path to the same bar.
/// </summary>
public sealed class SandboxResetTests
{
    private const string Input = """{"state":{"count":1},"args":{},"scope":{}}""";

    // Builds ~1 MiB of strings and objects (into the heap headroom), pollutes globals and prototypes, recurses a
    // little (the shadow stack), then drops everything: pages all over memory are written.
    private const string Polluter = """
        globalThis.leak = 1; Array.prototype.evil = 1;
        const keep = []; for (let i = 0; i < 2000; i++) keep.push({ i, text: 'x'.repeat(400) + i });
        function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
        $state.count = deep(200) + keep.length;
        """;

    [Test]
    public async Task On_linux_a_restored_sandbox_maps_the_snapshot_copy_on_write()
    {
        if (!OperatingSystem.IsLinux()) return;
        var runtime = QuickJsRuntimes.Shared;
        using var sandbox = Sandbox.Restore(runtime, runtime.Snapshot, 64L << 20);

        await Assert.That(runtime.Snapshot.Image).IsNotNull();
        await Assert.That(sandbox.CopyOnWrite).IsTrue();
        // This machine's kernel (6.18) has the scan; where it is missing the reset reads the page map instead.
        await Assert.That(WrittenPages.ScanAvailable).IsEqualTo(Environment.OSVersion.Version >= new Version(6, 7));
        await Assert.That(Memory(sandbox).SequenceEqual(runtime.Snapshot.Pristine.ToArray())).IsTrue();
    }

    [Test]
    [Arguments(32)] // what the pool uses
    [Arguments(1)] // a scan per written range: the reset must scan on from where the kernel stopped
    [Arguments(0)] // the page map read whole, as on kernels before 6.7
    public async Task Every_reset_restores_the_snapshot_byte_for_byte_after_a_handler_wrote_all_over_memory(int writtenRangesPerScan)
    {
        if (writtenRangesPerScan > 0 && !WrittenPages.ScanAvailable) return;
        var runtime = QuickJsRuntimes.Shared;
        using var sandbox = Sandbox.Restore(runtime, runtime.Snapshot, 64L << 20, writtenRangesPerScan);
        var polluter = sandbox.Compile(JavaScriptPrelude.Wrap(Polluter), "handler", out _)!;
        var trivial = sandbox.Compile(JavaScriptPrelude.Wrap("$state.count = $state.count + 1;"), "handler", out _)!;
        sandbox.Reset(runtime.Snapshot);

        // Twice each, alternating: a page written, restored and written again must be restored again.
        foreach (var bytecode in new[] { polluter, trivial, polluter, trivial })
        {
            sandbox.RunDetached(bytecode, Input);
            await Assert.That(sandbox.Broken).IsFalse();
            await Assert.That(Memory(sandbox).SequenceEqual(runtime.Snapshot.Pristine.ToArray())).IsFalse();

            sandbox.Reset(runtime.Snapshot);

            await Assert.That(sandbox.Broken).IsFalse();
            await Assert.That(FirstDifference(Memory(sandbox), runtime.Snapshot.Pristine.ToArray())).IsEqualTo(-1);
        }
    }

    private static byte[] Memory(Sandbox sandbox) => sandbox.ReadMemory();

    private static int FirstDifference(byte[] live, byte[] pristine)
    {
        if (live.Length != pristine.Length) return 0;
        var common = live.AsSpan().CommonPrefixLength(pristine);
        return common == live.Length ? -1 : common;
    }
}
