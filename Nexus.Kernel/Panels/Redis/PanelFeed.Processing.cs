namespace Nexus.Kernel.Panels.Redis;

internal sealed partial class PanelFeed
{
    private static readonly TimeSpan RetryResyncAfter = TimeSpan.FromSeconds(1);

    private async Task ProcessAsync()
    {
        await foreach (var item in _items.Reader.ReadAllAsync())
        {
            List<Member> stale;
            if (item.Payload is { } payload)
            {
                FeedMessage message;
                try
                {
                    message = FeedCodec.Read(payload);
                }
                catch (Exception error) when (error is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
                {
                    Log.FeedMessageInvalid(_logger, PanelId, error.Message);
                    continue;
                }
                stale = Dispatch(message);
            }
            else
            {
                lock (_gate) stale = item.Resync is { } one ? [one] : [.. _members.Where(m => m.Buffer is null && (!item.StaleOnly || m.Stale))];
            }
            if (stale.Count > 0) await ResyncAsync(stale);
        }
    }

    /// <summary>Hands one message to every listener; returns those that found a gap (or were already behind).</summary>
    private List<Member> Dispatch(FeedMessage message)
    {
        var stale = new List<Member>();
        lock (_gate)
        {
            foreach (var member in _members.ToArray())
            {
                if (member.Buffer is { } buffer) buffer.Add(message);
                else if (!Deliver(member, message)) stale.Add(member);
            }
        }
        return stale;
    }

    /// <summary>Delivers in sequence order (caller holds the gate); false when this listener must be resynced.</summary>
    private bool Deliver(Member member, FeedMessage message)
    {
        if (message.Deleted)
        {
            member.Listener.OnDeleted();
            _members.Remove(member);
            return true;
        }
        if (member.Stale) return false;
        if (message.Seq <= member.Seq) return true;
        if (message.Seq != member.Seq + 1)
        {
            Log.FeedGap(_logger, PanelId, member.Seq, message.Seq);
            member.Stale = true;
            return false;
        }
        member.Seq = message.Seq;
        if (message.Mutations is { } mutations) member.Listener.OnPatch(new PanelPatch(PanelId, mutations, message.Version));
        foreach (var emitted in message.Events) member.Listener.OnEvent(emitted);
        return true;
    }

    /// <summary>
    /// Reads a fresh snapshot (the processor waits, so later messages stay queued and in order) and restarts the stale
    /// listeners from it. A failed read leaves them stale; a later message, a reconnection or a timed retry tries again.
    /// </summary>
    private async Task ResyncAsync(List<Member> stale)
    {
        PanelSnapshot? snapshot;
        try
        {
            snapshot = await _snapshot(PanelId);
        }
        catch (Exception error) when (error is StackExchange.Redis.RedisException or TimeoutException)
        {
            lock (_gate) foreach (var member in stale) member.Stale = true;
            Log.FeedResyncFailed(_logger, PanelId, error.Message);
            // Try again shortly even if no message comes to reveal the gap; StopAsync cancels the pause.
            _ = Task.Delay(RetryResyncAfter, _stop.Token).ContinueWith(_ => RequestResync(null, staleOnly: true), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return;
        }
        lock (_gate)
        {
            foreach (var member in stale)
            {
                if (!_members.Contains(member)) continue;
                if (snapshot is null)
                {
                    member.Listener.OnDeleted();
                    _members.Remove(member);
                    continue;
                }
                member.Stale = false;
                member.Seq = snapshot.Seq;
                member.Listener.OnResync(snapshot.State);
            }
        }
    }
}
