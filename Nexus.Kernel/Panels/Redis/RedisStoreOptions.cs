namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// Tuning of the shared store. The lease is short and renewed every <see cref="LeaseRenewEvery"/>, so a pod that dies
/// mid-execution holds its panels for at most <see cref="LeaseTtl"/>, not a whole execution deadline.
/// </summary>
internal sealed record RedisStoreOptions
{
    public string Prefix { get; init; } = "nexus:";

    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan LeaseRenewEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest pause between two tries at a busy lease when no release notice arrives (lost, or holder died).</summary>
    public TimeSpan MaxLeasePoll { get; init; } = TimeSpan.FromMilliseconds(500);
}
