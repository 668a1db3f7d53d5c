using System.Net.WebSockets;
using System.Text.Json;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Json;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// One client of one panel: a receive loop (this class's <see cref="RunAsync"/>) and a send pump over a bounded
/// <see cref="SendQueue"/>. Only the pump writes to the socket, close frames included, so sends never overlap.
/// As an <see cref="IPanelListener"/> it gets PATCH and EVENT in version order and only enqueues them.
/// </summary>
internal sealed partial class PanelConnection : IPanelListener
{

    private readonly WebSocket _socket;
    // The stream under _socket when the pump may write whole frames to it itself (the WebSocket port's own upgrade);
    // null on the HTTP port, where the framework's WebSocket frames every message.
    private readonly Stream? _frames;
    private readonly string _panelId;
    private readonly Caller _caller;
    private readonly PanelSocketOptions _options;
    private readonly PanelService _panels;
    private readonly PanelStore _store;
    private readonly KernelCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SendQueue _queue;
    private readonly Lock _gate = new();
    // PATCHes and EVENTs (in arrival order) that came after subscribing and before CONNECTED was queued: CONNECTED
    // is always the first message, so they wait for it.
    private List<object>? _pendingUntilConnected = [];
    private long _connectedVersion;
    private PanelState? _resyncBeforeConnected;
    private CloseRequest? _close;
    private volatile bool _wantsState = true;
    private volatile bool _wantsEvents = true;

    public PanelConnection(WebSocket socket, Stream? frames, string panelId, Caller caller, PanelSocketOptions options,
        PanelService panels, PanelStore store, KernelCounters counters, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _frames = frames;
        _panelId = panelId;
        _caller = caller;
        _options = options;
        _panels = panels;
        _store = store;
        _counters = counters;
        _time = time;
        _logger = logger;
        _queue = new SendQueue(options.WsSendQueueBytes);
        ClientId = "client_" + Guid.NewGuid().ToString("N")[..12];
    }

    public string ClientId { get; }

    private sealed record CloseRequest(WebSocketCloseStatus Status, string Reason, bool DiscardPending);

    /// <summary>
    /// Subscribes, sends CONNECTED, then reads until the peer or the server closes; counted in the panel's clients
    /// and in the registry all the while. This is the one frame an idle socket keeps parked above its receive loop:
    /// the registry's and the endpoint's bookkeeping happen here rather than in frames of their own around it, and
    /// the pump starts on this thread rather than through <see cref="Task.Run(Func{Task})"/> (perf-ws.md §16).
    /// </summary>
    public async Task RunAsync(ConnectionRegistry registry, CancellationToken aborted)
    {
        var runtime = _panels.Runtime(_panelId);
        runtime.ClientConnected();
        registry.Add(this);
        try
        {
            using var subscription = await _store.SubscribeAsync(_panelId, this, aborted);
            if (subscription is null)
            {
                RequestClose(WebSocketCloseStatus.NormalClosure, "Panel destroyed", discardPending: false);
            }
            else
            {
                SendConnected(subscription.Initial);
            }

            var pump = PumpAsync(aborted);
            using var expiry = _caller.ExpiresAt is { } expires
                ? _time.CreateTimer(static self => ((PanelConnection)self!).RequestClose(WebSocketCloseStatus.PolicyViolation, "Token expired", discardPending: true),
                    this, Max(expires - _time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan)
                : null;
            try
            {
                await ReceiveLoopAsync(aborted);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                Log.ConnectionLost(_logger, _panelId, ClientId, error.Message);
            }
            finally
            {
                subscription?.Dispose();
                RequestClose(WebSocketCloseStatus.NormalClosure, "", discardPending: true);
                await FinishAsync(pump);
            }
        }
        finally
        {
            registry.Remove(this);
            runtime.ClientDisconnected();
        }
    }

    private void SendConnected(PanelState initial)
    {
        lock (_gate)
        {
            if (_resyncBeforeConnected is { } resync && resync.Version >= initial.Version) initial = resync;
            _connectedVersion = initial.Version;
            Enqueue(WireEncoder.Connected(new ConnectedMessage(_panelId, ClientId, initial.Values, initial.Version)));
            var pending = _pendingUntilConnected!;
            _pendingUntilConnected = null;
            foreach (var item in pending)
            {
                if (item is PanelPatch patch && patch.Version > initial.Version) Enqueue(WireEncoder.Patch(patch));
                else if (item is EmittedEvent emitted) Enqueue(WireEncoder.Event(emitted));
            }
        }
    }

    public void OnPatch(PanelPatch patch)
    {
        if (!_wantsState) return;
        lock (_gate)
        {
            if (_pendingUntilConnected is not null)
            {
                _pendingUntilConnected.Add(patch);
                return;
            }
            if (patch.Version > _connectedVersion) Enqueue(WireEncoder.Patch(patch));
        }
    }

    public void OnEvent(EmittedEvent emitted)
    {
        if (!_wantsEvents) return;
        lock (_gate)
        {
            if (_pendingUntilConnected is not null)
            {
                _pendingUntilConnected.Add(emitted);
                return;
            }
            Enqueue(WireEncoder.Event(emitted));
        }
    }

    /// <summary>
    /// The shared store's feed lost its place: a CONNECTED-style message carries the whole state again, and only
    /// PATCHes after it are sent. Before the first CONNECTED, the newer state simply replaces what was pending.
    /// </summary>
    public void OnResync(PanelState state)
    {
        lock (_gate)
        {
            if (_pendingUntilConnected is not null)
            {
                _pendingUntilConnected.RemoveAll(static item => item is PanelPatch);
                if (_resyncBeforeConnected is null || state.Version >= _resyncBeforeConnected.Version) _resyncBeforeConnected = state;
                return;
            }
            _connectedVersion = state.Version;
            Enqueue(WireEncoder.Connected(new ConnectedMessage(_panelId, ClientId, state.Values, state.Version)));
        }
    }

    public void OnDeleted() => RequestClose(WebSocketCloseStatus.NormalClosure, "Panel destroyed", discardPending: false);

    /// <summary>Asks the pump to close after (or instead of) what is queued. The first request wins.</summary>
    public void RequestClose(WebSocketCloseStatus status, string reason, bool discardPending)
    {
        lock (_gate)
        {
            if (_close is not null) return;
            _close = new CloseRequest(status, reason, discardPending);
        }
        _queue.Complete();
    }

    private void Enqueue(byte[] message)
    {
        if (Volatile.Read(ref _close) is not null) return;
        if (_queue.TryEnqueue(message)) return;
        _counters.Rejections.Increment("ws_send_queue_full");
        Log.SlowReader(_logger, _panelId, ClientId, _options.WsSendQueueBytes);
        RequestClose(WebSocketCloseStatus.PolicyViolation, "Send queue full", discardPending: true);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
