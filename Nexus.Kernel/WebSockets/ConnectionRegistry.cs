using System.Collections.Concurrent;
using System.Net.WebSockets;
using Nexus.Kernel.Observability;

namespace Nexus.Kernel.WebSockets;

/// <summary>Live connections of both ports: the WS_MAX_CONNECTIONS bound, and closing everyone with 1001 at shutdown.</summary>
internal sealed class ConnectionRegistry(KernelCounters counters)
{
    private readonly ConcurrentDictionary<PanelConnection, byte> _live = new();
    private int _reserved;
    // Set once shutdown asked everyone to close; completed when the last connection is gone.
    private TaskCompletionSource? _allGone;

    /// <summary>Reserves a slot before the handshake; false at the limit.</summary>
    public bool TryReserve(int max)
    {
        if (Interlocked.Increment(ref _reserved) <= max) return true;
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _reserved);

    /// <summary>
    /// Called by the connection itself as it starts and ends (<see cref="PanelConnection.RunAsync"/>): the registry
    /// keeps no task and no frame of its own per socket, ~150 B less for every idle connection. One that starts
    /// after shutdown asked everyone to close (its handshake was under way) is asked at once.
    /// </summary>
    public void Add(PanelConnection connection)
    {
        Interlocked.Increment(ref counters.WsConnections);
        _live[connection] = 0;
        // A full fence on both sides (here and the exchange in CloseAllAsync): either this sees the close or the
        // close's pass over the live connections sees this one.
        if (Interlocked.CompareExchange(ref _allGone, null, null) is not null) AskToClose(connection);
    }

    public void Remove(PanelConnection connection)
    {
        _live.TryRemove(connection, out _);
        Interlocked.Decrement(ref counters.WsConnections);
        if (_live.IsEmpty) Volatile.Read(ref _allGone)?.TrySetResult();
    }

    /// <summary>Shutdown, after in-flight executions finished: 1001 to everyone, after what is already queued.</summary>
    public async Task CloseAllAsync(CancellationToken cancellationToken)
    {
        var allGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _allGone, allGone);
        foreach (var connection in _live.Keys) AskToClose(connection);
        if (_live.IsEmpty) allGone.TrySetResult();
        await allGone.Task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static void AskToClose(PanelConnection connection) =>
        connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", discardPending: false);
}
