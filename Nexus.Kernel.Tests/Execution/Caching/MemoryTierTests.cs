using Nexus.Kernel.Execution.Caching;
using Wasmtime;

namespace Nexus.Kernel.Tests.Execution.Caching;

/// <summary>The memory tier: bounded by artifact bytes (CACHE_MAX_MB), least recently used out first.</summary>
public class MemoryTierTests
{
    private static readonly Engine Engine = new();
    private static readonly Module Module = Module.FromText(Engine, "empty", "(module)");

    private static async Task AssertHolds(MemoryTier tier, string present, string absent)
    {
        foreach (var key in present.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            await Assert.That(tier.TryGet(key, out _)).IsTrue().Because(key + " should be cached");
        }
        foreach (var key in absent.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            await Assert.That(tier.TryGet(key, out _)).IsFalse().Because(key + " should be evicted");
        }
    }

    [Test]
    public async Task Filling_to_exactly_the_bound_keeps_everything_and_one_byte_more_evicts_the_oldest()
    {
        var tier = new MemoryTier(maxBytes: 30);
        tier.Add("a", Module, 10);
        tier.Add("b", Module, 10);
        tier.Add("c", Module, 10);

        await Assert.That(tier.Bytes).IsEqualTo(30);
        await Assert.That(tier.Count).IsEqualTo(3);

        tier.Add("d", Module, 1);

        await Assert.That(tier.Bytes).IsEqualTo(21);
        await AssertHolds(tier, "b,c,d", "a");
    }

    [Test]
    public async Task A_read_makes_an_entry_recent_so_the_least_recently_used_goes_first()
    {
        var tier = new MemoryTier(maxBytes: 30);
        tier.Add("a", Module, 10);
        tier.Add("b", Module, 10);
        tier.Add("c", Module, 10);
        await Assert.That(tier.TryGet("a", out _)).IsTrue();

        tier.Add("d", Module, 10);

        await AssertHolds(tier, "a,c,d", "b");
    }

    [Test]
    public async Task A_big_entry_evicts_as_many_old_ones_as_it_needs()
    {
        var tier = new MemoryTier(maxBytes: 30);
        tier.Add("a", Module, 10);
        tier.Add("b", Module, 10);
        tier.Add("c", Module, 10);

        tier.Add("big", Module, 25);

        await Assert.That(tier.Bytes).IsEqualTo(25);
        await AssertHolds(tier, "big", "a,b,c");
    }

    [Test]
    public async Task An_artifact_of_exactly_the_bound_is_kept_and_a_larger_one_is_not_cached_at_all()
    {
        var tier = new MemoryTier(maxBytes: 30);
        tier.Add("a", Module, 10);

        tier.Add("huge", Module, 31);
        await AssertHolds(tier, "a", "huge");

        tier.Add("whole", Module, 30);
        await AssertHolds(tier, "whole", "a");
    }

    [Test]
    public async Task Adding_a_key_twice_counts_it_once()
    {
        var tier = new MemoryTier(maxBytes: 30);
        tier.Add("a", Module, 10);
        tier.Add("a", Module, 10);

        await Assert.That(tier.Bytes).IsEqualTo(10);
        await Assert.That(tier.Count).IsEqualTo(1);
    }
}
