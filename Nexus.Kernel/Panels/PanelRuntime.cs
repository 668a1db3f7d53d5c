using System.Collections.Concurrent;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

/// <summary>What this process knows of a panel beyond the store: its queue, whether an execution is parked, its
/// sockets, its compiled tools, and a token that deletion cancels.</summary>
internal sealed class PanelRuntime(string panelId, int queueLimit)
{
    private readonly CancellationTokenSource _deleted = new();
    private int _suspended;
    private int _clients;

    public string PanelId { get; } = panelId;

    public SerialQueue Queue { get; } = new(queueLimit);

    public ConcurrentDictionary<string, CompiledTool> Compiled { get; } = new(StringComparer.Ordinal);

    public CancellationToken Deleted => _deleted.Token;

    public bool IsSuspended => Volatile.Read(ref _suspended) > 0;

    public int ClientCount => Volatile.Read(ref _clients);

    public void SetSuspended(bool suspended) => Interlocked.Add(ref _suspended, suspended ? 1 : -1);

    public void ClientConnected() => Interlocked.Increment(ref _clients);

    public void ClientDisconnected() => Interlocked.Decrement(ref _clients);

    public void MarkDeleted() => _deleted.Cancel();
}

/// <summary>The runtimes of the panels this process has touched, created on first use (any pod serves any panel).</summary>
internal sealed class PanelRuntimes(PanelOptions options)
{
    private readonly ConcurrentDictionary<string, PanelRuntime> _runtimes = new(StringComparer.Ordinal);

    public PanelRuntime Get(string panelId) => _runtimes.GetOrAdd(panelId, id => new PanelRuntime(id, options.PanelQueueLimit));

    public void Remove(string panelId)
    {
        if (_runtimes.TryRemove(panelId, out var runtime)) runtime.MarkDeleted();
    }

    public int SuspendedCount => _runtimes.Values.Count(r => r.IsSuspended);
}
