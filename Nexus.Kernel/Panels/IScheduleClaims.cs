namespace Nexus.Kernel.Panels;

/// <summary>
/// One occurrence of an interval or cron tool. <see cref="Id"/> names it the same way on every process (an interval's
/// period index, a cron's UTC minute), so processes whose clocks differ slightly still agree on it; <see cref="At"/> is
/// when it was due and <see cref="Ttl"/> how long a claim on it is remembered.
/// </summary>
internal sealed record ScheduledOccurrence(string PanelId, string Tool, string Id, DateTimeOffset At, TimeSpan Ttl);

/// <summary>
/// Decides which process runs an occurrence of a scheduled tool. Alone (the in-memory store): this one, always. Sharing
/// a store: the first process to claim it; the others skip it. Throws <see cref="PanelStoreUnavailableException"/>
/// when the store cannot tell.
/// </summary>
internal interface IScheduleClaims
{
    ValueTask<bool> TryClaimAsync(ScheduledOccurrence occurrence);
}

/// <summary>The single-process answer: every occurrence is this process's, decided synchronously (no await, no I/O).</summary>
internal sealed class LocalScheduleClaims : IScheduleClaims
{
    public ValueTask<bool> TryClaimAsync(ScheduledOccurrence occurrence) => ValueTask.FromResult(true);
}
