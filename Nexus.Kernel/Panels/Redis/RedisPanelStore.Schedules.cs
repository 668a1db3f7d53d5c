using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// What scheduled triggers need when many pods share the store: the catalog channel (every creation and deletion,
/// published by the create and delete scripts) and one claim per occurrence (<c>SET NX PX</c>: the first pod runs it).
/// </summary>
internal sealed partial class RedisPanelStore : IPanelCatalog, IScheduleClaims
{
    private static readonly string PodId = Environment.MachineName + ":" + Environment.ProcessId;
    private Task? _catalog;

    public async Task WatchAsync(Func<CatalogNotice, Task> onNotice)
    {
        var current = Volatile.Read(ref _catalog);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = SubscribeCatalogAsync(onNotice);
            current = Interlocked.CompareExchange(ref _catalog, fresh, current) == current ? fresh : _catalog!;
        }
        await Guarded("watch panels", async () =>
        {
            await current;
            return true;
        });
    }

    /// <summary>
    /// Claims the occurrence for this pod. A claim outlives every pod's chance at the same occurrence as long as the
    /// pods' clocks agree within half its TTL; an occurrence found later than that (this pod stalled) is left alone,
    /// since another pod may have run it and its claim may be gone.
    /// </summary>
    public async ValueTask<bool> TryClaimAsync(ScheduledOccurrence occurrence)
    {
        if (_time.GetUtcNow() - occurrence.At > occurrence.Ttl / 2) return false;
        try
        {
            return await _db.StringSetAsync(_keys.Claim(occurrence.PanelId, occurrence.Tool, occurrence.Id), PodId, occurrence.Ttl, When.NotExists);
        }
        catch (Exception error) when (error is RedisConnectionException or RedisTimeoutException)
        {
            // Not logged here: a claim is tried every period, and the caller counts the failures.
            throw new PanelStoreUnavailableException("the panel store (Redis) is unreachable: claim failed", error);
        }
    }

    private async Task SubscribeCatalogAsync(Func<CatalogNotice, Task> onNotice)
    {
        // The queue form delivers in publish order, so a deletion and a re-creation of one id arrive in that order.
        var queue = await _redis.GetSubscriber().SubscribeAsync(_keys.Catalog);
        queue.OnMessage(message => ReadNotice(message.Message) is { } notice ? onNotice(notice) : Task.CompletedTask);
    }

    private static CatalogNotice? ReadNotice(RedisValue message) =>
        (string?)message is { Length: > 1 } text && text[0] is '+' or '-' ? new CatalogNotice(text[1..], text[0] == '+') : null;
}
