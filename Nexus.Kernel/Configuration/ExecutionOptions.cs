namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Execution: how many executions run and wait at once, and the limits of each.
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record ExecutionOptions
{
    public int MaxInstances { get; init; } = Settings.MaxInstances.DefaultNumber;

    public int MinInstances { get; init; } = Settings.MinInstances.DefaultNumber;

    public int MaxSuspended { get; init; } = Settings.MaxSuspended.DefaultNumber;

    public int MemoryLimitMb { get; init; } = Settings.MemoryLimitMb.DefaultNumber;

    public int TimeoutMs { get; init; } = Settings.TimeoutMs.DefaultNumber;

    public int ExecutionDeadlineMs { get; init; } = Settings.ExecutionDeadlineMs.DefaultNumber;

    public int MaxHostCalls { get; init; } = Settings.MaxHostCalls.DefaultNumber;

    public int MaxStateMutations { get; init; } = Settings.MaxStateMutations.DefaultNumber;

    public int MaxEvents { get; init; } = Settings.MaxEvents.DefaultNumber;

    public int MaxLogBytes { get; init; } = Settings.MaxLogBytes.DefaultNumber;
}
