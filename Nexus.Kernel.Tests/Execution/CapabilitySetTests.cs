using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The capability matcher by itself: whole segments, '*' for one segment, keys that contain ':'.</summary>
public class CapabilitySetTests
{
    private static CapabilitySet Granting(params string[] capabilities) => CapabilitySet.Effective(null, capabilities);

    [Test]
    public async Task A_state_key_may_contain_colons_under_a_wildcard_and_by_name()
    {
        await Assert.That(Granting("state:write:*").AllowsStateWrite("a:b:c")).IsTrue();
        await Assert.That(Granting("state:write:a:b").AllowsStateWrite("a:b")).IsTrue();
        await Assert.That(Granting("state:write:a:b").AllowsStateWrite("a")).IsFalse();
        await Assert.That(Granting("state:write:a").AllowsStateWrite("a:b")).IsFalse();
        await Assert.That(CapabilitySet.Validate("state:read:a:b")).IsNull();
    }

    [Test]
    public async Task A_name_matches_whole_not_by_prefix()
    {
        await Assert.That(Granting("state:read:ab").AllowsStateRead("abc")).IsFalse();
        await Assert.That(Granting("state:read:abc").AllowsStateRead("ab")).IsFalse();
        await Assert.That(Granting("events:emit:tick").AllowsEmit("tick")).IsTrue();
        await Assert.That(Granting("events:emit:tick").AllowsEmit("tock")).IsFalse();
    }

    [Test]
    public async Task A_wildcard_verb_covers_both_verbs_of_that_key_only()
    {
        var set = Granting("state:*:k");

        await Assert.That(set.AllowsStateRead("k")).IsTrue();
        await Assert.That(set.AllowsStateWrite("k")).IsTrue();
        await Assert.That(set.AllowsStateRead("other")).IsFalse();
        await Assert.That(set.AllowsAllKeys).IsFalse();
    }

    [Test]
    public async Task A_tools_list_replaces_the_panels_and_the_defaults_grant_no_extension()
    {
        var toolWins = CapabilitySet.Effective(["state:read:*"], ["events:emit:*"]);
        var defaults = CapabilitySet.Effective(null, null);

        await Assert.That(toolWins.AllowsStateRead("k")).IsFalse();
        await Assert.That(toolWins.AllowsEmit("e")).IsTrue();
        await Assert.That(CapabilitySet.Effective(["state:read:*"], null).AllowsStateRead("k")).IsTrue();
        await Assert.That(defaults.AllowsStateWrite("k")).IsTrue();
        await Assert.That(defaults.AllowsExtension("http")).IsFalse();
        await Assert.That(Granting("ext:*").AllowsExtension("http")).IsTrue();
        await Assert.That(Granting("ext:http").AllowsExtension("other")).IsFalse();
    }
}
