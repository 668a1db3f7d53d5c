using System.Threading.Channels;
using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// One panel's channel on this pod and the local listeners fed from it. A pump copies Redis messages into a local
/// queue; one processor hands them to listeners in order. Each listener tracks the feed sequence it has reached: a
/// message one above is delivered, older ones are skipped (already in its snapshot), and a jump means messages were
/// lost, so the listener is resynced from a fresh snapshot (<see cref="IPanelListener.OnResync"/>) instead.
/// </summary>
internal sealed partial class PanelFeed
{
    private readonly ChannelMessageQueue _queue;
    private readonly Func<string, Task<PanelSnapshot?>> _snapshot;
    private readonly ILogger _logger;
    private readonly Channel<Item> _items = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<Member> _members = [];
    private readonly Task _pump;
    private readonly Task _processor;

    public PanelFeed(string panelId, ChannelMessageQueue queue, Func<string, Task<PanelSnapshot?>> snapshot, ILogger logger)
    {
        PanelId = panelId;
        _queue = queue;
        _snapshot = snapshot;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
        _processor = Task.Run(ProcessAsync);
    }

    public string PanelId { get; }

    /// <summary>Adds a listener that buffers until <see cref="Start"/> tells it where its snapshot stands.</summary>
    public Member Add(IPanelListener listener)
    {
        var member = new Member(listener);
        lock (_gate) _members.Add(member);
        return member;
    }

    /// <summary>Removes a listener; true when none is left.</summary>
    public bool Remove(Member member)
    {
        lock (_gate)
        {
            _members.Remove(member);
            return _members.Count == 0;
        }
    }

    /// <summary>The listener's snapshot ends at <paramref name="seq"/>: replay what it buffered after that, then go live.</summary>
    public void Start(Member member, long seq)
    {
        lock (_gate)
        {
            member.Seq = seq;
            var buffered = member.Buffer!;
            member.Buffer = null;
            foreach (var message in buffered)
            {
                if (Deliver(member, message)) continue;
                RequestResync(member);
                return;
            }
        }
    }

    /// <summary>Resyncs one listener, or (null) all of them; <paramref name="staleOnly"/> limits that to those that lost their place.</summary>
    public void RequestResync(Member? member, bool staleOnly = false) => _items.Writer.TryWrite(new Item(null, member, staleOnly));

    public void Deleted()
    {
        lock (_gate)
        {
            foreach (var member in _members) member.Listener.OnDeleted();
            _members.Clear();
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _queue.UnsubscribeAsync();
        }
        catch (RedisException)
        {
            // Disconnected: the server forgot the subscription with the connection; the local queue is gone anyway.
        }
        _items.Writer.TryComplete();
        await Task.WhenAll(_pump, _processor);
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var message in _queue.WithCancellation(_stop.Token))
            {
                _items.Writer.TryWrite(new Item((byte[]?)message.Message, null, false));
            }
        }
        catch (OperationCanceledException)
        {
        }
        _items.Writer.TryComplete();
    }

    /// <summary>A listener of this feed, with how far it has got (guarded by the feed's gate).</summary>
    internal sealed class Member(IPanelListener listener)
    {
        public IPanelListener Listener { get; } = listener;
        public long Seq { get; set; }
        public List<FeedMessage>? Buffer { get; set; } = [];
        public bool Stale { get; set; }
    }

    private readonly record struct Item(byte[]? Payload, Member? Resync, bool StaleOnly);
}
