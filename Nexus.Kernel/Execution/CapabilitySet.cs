namespace Nexus.Kernel.Execution;

/// <summary>
/// Deny-by-default capabilities (README "Handlers"). A capability splits on its first two colons, so a state key may
/// itself contain ':'; '*' matches one whole segment.
/// </summary>
internal sealed class CapabilitySet
{
    public static readonly IReadOnlyList<string> Defaults = ["state:read:*", "state:write:*", "events:emit:*", "view:update:*"];

    private readonly string[][] _granted;

    private CapabilitySet(IReadOnlyList<string> capabilities)
    {
        Declared = capabilities;
        _granted = capabilities.Select(Split).ToArray();
    }

    public IReadOnlyList<string> Declared { get; }

    /// <summary>A tool's list replaces the panel's; when neither declares one the defaults apply (no ext:).</summary>
    public static CapabilitySet Effective(IReadOnlyList<string>? panel, IReadOnlyList<string>? tool) =>
        new(tool ?? panel ?? Defaults);

    public bool Allows(string required)
    {
        var wanted = Split(required);
        foreach (var granted in _granted)
        {
            if (Matches(granted, wanted)) return true;
        }
        return false;
    }

    public bool AllowsStateRead(string key) => Allows("state:read:" + key);
    public bool AllowsStateWrite(string key) => Allows("state:write:" + key);
    public bool AllowsAllKeys => Allows("state:read:*");
    public bool AllowsEmit(string name) => Allows("events:emit:" + name);
    public bool AllowsView(string id) => Allows("view:update:" + id);
    public bool AllowsExtension(string name) => Allows("ext:" + name);

    /// <summary>Returns null when <paramref name="capability"/> is well formed, else the rule it breaks.</summary>
    public static string? Validate(string capability)
    {
        var parts = Split(capability);
        if (parts.Any(p => p.Length == 0)) return "segments must not be empty";
        return parts[0] switch
        {
            "ext" when parts.Length == 2 => null,
            "ext" => "ext capabilities look like ext:{name|*}",
            "state" when parts.Length == 3 && parts[1] is "read" or "write" or "*" => null,
            "events" when parts.Length == 3 && parts[1] is "emit" or "*" => null,
            "view" when parts.Length == 3 && parts[1] is "update" or "*" => null,
            _ => "expected state:read|write:{key|*}, events:emit:{name|*}, view:update:{id|*} or ext:{name|*}",
        };
    }

    public static bool GrantsExtension(string capability) => capability.StartsWith("ext:", StringComparison.Ordinal);

    private static string[] Split(string capability) => capability.Split(':', 3);

    private static bool Matches(string[] granted, string[] wanted)
    {
        if (granted.Length != wanted.Length) return false;
        for (var i = 0; i < granted.Length; i++)
        {
            if (granted[i] != "*" && granted[i] != wanted[i]) return false;
        }
        return true;
    }
}
