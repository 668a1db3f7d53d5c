using System.Collections.Concurrent;
using System.Net.WebSockets;
using Nexus.Kernel.Observability;

namespace Nexus.Kernel.WebSockets;

/// <summary>Live connections of both ports: the WS_MAX_CONNECTIONS bound, and closing everyone with 1001 at shutdown.</summary>
internal sealed class ConnectionRegistry(KernelCounters counters)
{
    private readonly ConcurrentDictionary<PanelConnection, Task> _live = new();
    private int _reserved;

    /// <summary>Reserves a slot before the handshake; false at the limit.</summary>
    public bool TryReserve(int max)
    {
        if (Interlocked.Increment(ref _reserved) <= max) return true;
        Interlocked.Decrement(ref _reserved);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _reserved);

    public async Task RunAsync(PanelConnection connection, CancellationToken aborted)
    {
        Interlocked.Increment(ref counters.WsConnections);
        var run = connection.RunAsync(aborted);
        _live[connection] = run;
        try
        {
            await run;
        }
        finally
        {
            _live.TryRemove(connection, out _);
            Interlocked.Decrement(ref counters.WsConnections);
        }
    }

    /// <summary>Shutdown, after in-flight executions finished: 1001 to everyone, after what is already queued.</summary>
    public async Task CloseAllAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _live.Keys)
        {
            connection.RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", discardPending: false);
        }
        await Task.WhenAll(_live.Values).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
