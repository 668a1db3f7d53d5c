using System.Collections.Concurrent;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// Wake-ups for pods waiting on a panel's lease: the release script publishes the panel id, and every waiter on it
/// retries at once. Only a hint: waiters also poll with a bounded backoff, so a lost notice costs a little latency.
/// </summary>
internal sealed class LeaseWaiters
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    /// <summary>Completes at the next release of <paramref name="panelId"/> seen after this call.</summary>
    public Task NextRelease(string panelId) =>
        _waiting.GetOrAdd(panelId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Released(string panelId)
    {
        if (_waiting.TryRemove(panelId, out var waiter)) waiter.TrySetResult();
    }
}
