namespace Nexus.Kernel.Panels.Redis;

internal sealed partial class RedisPanelStore
{
    /// <summary>
    /// Joins the panel's feed first (the channel subscription is confirmed by Redis, and the listener buffers), then
    /// reads state, version and feed position in one script. Every message after that position reaches the listener;
    /// every message at or before it is already in <see cref="PanelSubscription.Initial"/> and is dropped.
    /// </summary>
    public override async ValueTask<PanelSubscription?> SubscribeAsync(string id, IPanelListener listener, CancellationToken cancellationToken)
    {
        var (feed, member) = await Guarded("subscribe", () => _feeds.JoinAsync(id, listener, cancellationToken));
        PanelSnapshot? snapshot;
        try
        {
            snapshot = await Guarded("subscribe", () => ReadSnapshotAsync(id));
        }
        catch
        {
            await _feeds.LeaveAsync(feed, member);
            throw;
        }
        if (snapshot is null)
        {
            await _feeds.LeaveAsync(feed, member);
            return null;
        }
        feed.Start(member, snapshot.Seq);
        return new PanelSubscription(snapshot.State, () => _ = _feeds.LeaveAsync(feed, member));
    }
}
