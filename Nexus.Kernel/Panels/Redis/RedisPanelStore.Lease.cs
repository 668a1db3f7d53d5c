using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

internal sealed partial class RedisPanelStore
{
    private Task? _releaseSubscription;

    /// <summary>
    /// Takes the panel's lease across pods. While another pod holds it, waits for its release notice or a bounded,
    /// growing pause (capped by the time the holder's lease has left), then tries again: no hot spinning.
    /// A deleted panel gives a turn whose token never matches, so nothing can be committed under it.
    /// </summary>
    public override async ValueTask<PanelTurn> AcquireTurnAsync(string id, CancellationToken cancellationToken)
    {
        await Guarded("acquire lease", EnsureReleaseSubscriptionAsync);
        RedisKey[] keys = [_keys.Lease(id), _keys.FenceCounter, _keys.Meta(id)];
        RedisValue[] args = [(long)_options.LeaseTtl.TotalMilliseconds];
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var released = _waiters.NextRelease(id);
            var result = (long)await Guarded("acquire lease", () => _db.ScriptEvaluateAsync(LeaseScripts.Acquire, keys, args));
            if (result > 0) return new RedisLease(this, id, result, _options.LeaseRenewEvery, _logger);
            if (result == 0) return NoTurn;
            var wait = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds, -result + 1));
            await Task.WhenAny(released, Task.Delay(wait, cancellationToken));
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, _options.MaxLeasePoll.TotalMilliseconds));
        }
    }

    private static readonly PanelTurn NoTurn = new(-1);

    internal async Task<bool> RenewLeaseAsync(string id, long token) =>
        (long)await _db.ScriptEvaluateAsync(LeaseScripts.Renew, [_keys.Lease(id)], [token, (long)_options.LeaseTtl.TotalMilliseconds]) == 1;

    internal async Task ReleaseLeaseAsync(string id, long token) =>
        await _db.ScriptEvaluateAsync(LeaseScripts.Release, [_keys.Lease(id)], [token, _keys.LeaseReleasedName, id]);

    /// <summary>Subscribes once to release notices (order does not matter here, so the callback form is fine).</summary>
    private async Task<bool> EnsureReleaseSubscriptionAsync()
    {
        var current = Volatile.Read(ref _releaseSubscription);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = _redis.GetSubscriber().SubscribeAsync(_keys.LeaseReleased, (_, message) => _waiters.Released(message!));
            current = Interlocked.CompareExchange(ref _releaseSubscription, fresh, current) == current ? fresh : _releaseSubscription!;
        }
        await current;
        return true;
    }
}
