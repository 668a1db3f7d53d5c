namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>Figures for benchmarks (bench/Nexus.Bench --guest): how much of the memory an execution left dirty.</summary>
internal sealed partial class Sandbox
{
    /// <summary>Pages (of the OS page size) whose bytes differ from the snapshot: what the next reset copies back.</summary>
    internal int CountDifferingPages(SandboxSnapshot snapshot)
    {
        var size = WrittenPages.PageSize;
        var pristine = snapshot.Pristine;
        var live = _api.Memory.GetSpan(0, Math.Min(pristine.Length, (int)MemoryBytes));
        var count = 0;
        for (var offset = 0; offset + size <= live.Length; offset += size)
        {
            if (!pristine.Slice(offset, size).SequenceEqual(live.Slice(offset, size))) count++;
        }
        return count;
    }
}
