using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// This pod's subscriptions: one channel (and one <see cref="PanelFeed"/>) per panel some local listener watches,
/// dropped when its last listener leaves. Joining and leaving are serialized so a feed is never dropped under a joiner.
/// </summary>
internal sealed class PanelFeeds(ISubscriber subscriber, RedisKeys keys, Func<string, Task<PanelSnapshot?>> snapshot, ILogger logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PanelFeed> _feeds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<(PanelFeed Feed, PanelFeed.Member Member)> JoinAsync(string id, IPanelListener listener, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_feeds.TryGetValue(id, out var feed))
            {
                // The queue form keeps messages in publish order (the callback form does not).
                var queue = await subscriber.SubscribeAsync(keys.Feed(id));
                feed = new PanelFeed(id, queue, snapshot, logger);
                _feeds[id] = feed;
            }
            return (feed, feed.Add(listener));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task LeaveAsync(PanelFeed feed, PanelFeed.Member member)
    {
        await _gate.WaitAsync();
        try
        {
            if (!feed.Remove(member) || !_feeds.TryRemove(new KeyValuePair<string, PanelFeed>(feed.PanelId, feed))) return;
            await feed.StopAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The panel was deleted through this pod: its local listeners are told at once.</summary>
    public void DeletedHere(string id)
    {
        if (_feeds.TryGetValue(id, out var feed)) feed.Deleted();
    }

    public void ResyncAll()
    {
        foreach (var feed in _feeds.Values) feed.RequestResync(null);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var feed in _feeds.Values) await feed.StopAsync();
        _feeds.Clear();
    }
}
