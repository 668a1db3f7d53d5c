using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

/// <summary>
/// The one seam for panel definitions, state, versions and change publication (docs/architecture.md#seams). In memory for one
/// pod; on Redis for many. Nothing outside Panels/ knows which implementation runs.
/// </summary>
internal abstract class PanelStore : IAsyncDisposable
{
    /// <summary>Stores a new panel unless the id is taken or a panel limit (total, per owner) is reached.</summary>
    public abstract ValueTask<CreateOutcome> CreateAsync(PanelDefinition definition, IReadOnlyDictionary<string, JsonElement> initialState,
        PanelLimits limits, CancellationToken cancellationToken);

    public abstract ValueTask<StoredPanel?> GetAsync(string id, CancellationToken cancellationToken);

    public abstract ValueTask<IReadOnlyList<StoredPanel>> ListAsync(CancellationToken cancellationToken);

    public abstract ValueTask<PanelState?> GetStateAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes the panel and tells its listeners (<see cref="IPanelListener.OnDeleted"/>).</summary>
    public abstract ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Applies one batch atomically if the panel is still at <paramref name="expectedVersion"/>, then publishes
    /// it: one PATCH (when it changed state; the version moves by one) followed by its events, in version order.
    /// </summary>
    public abstract ValueTask<CommitOutcome> CommitAsync(string id, long expectedVersion, ExecutionBatch batch, int maxStateBytes,
        CancellationToken cancellationToken);

    /// <summary>
    /// Commits like <see cref="CommitAsync(string, long, ExecutionBatch, int, CancellationToken)"/> on behalf of the
    /// holder of <paramref name="turn"/>. A shared store also checks the turn's fencing token, so a holder whose turn
    /// lapsed (its pod stalled past the lease) can never overwrite the panel (<see cref="CommitStatus.TurnLost"/>).
    /// </summary>
    public virtual ValueTask<CommitOutcome> CommitAsync(string id, long expectedVersion, ExecutionBatch batch, int maxStateBytes,
        PanelTurn turn, CancellationToken cancellationToken) => CommitAsync(id, expectedVersion, batch, maxStateBytes, cancellationToken);

    /// <summary>
    /// The panel's execution turn across every process sharing this store, taken after the local serial queue's turn.
    /// One process needs nothing more, so the default is a turn that is always held.
    /// </summary>
    public virtual ValueTask<PanelTurn> AcquireTurnAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(PanelTurn.Local);

    /// <summary>Subscribes and returns the state and version taken atomically with subscribing, or null if no panel.</summary>
    public abstract ValueTask<PanelSubscription?> SubscribeAsync(string id, IPanelListener listener, CancellationToken cancellationToken);

    /// <summary>False while the backing store cannot be reached (readiness turns 503).</summary>
    public abstract ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed record PanelLimits(int MaxPanels, int MaxPanelsPerSubject);

internal enum CreateOutcome { Created, Exists, PanelLimit, SubjectLimit }

internal sealed record StoredPanel(PanelDefinition Definition, long Version, DateTimeOffset LastActivity);

internal sealed record PanelState(IReadOnlyDictionary<string, JsonElement> Values, long Version);

internal enum CommitStatus { Applied, VersionConflict, PanelGone, StateTooLarge, TurnLost }

internal sealed record CommitOutcome(CommitStatus Status, long Version);

/// <summary>A live feed of one panel's changes, in version order. Callbacks must not block (enqueue and return).</summary>
internal interface IPanelListener
{
    void OnPatch(PanelPatch patch);

    void OnEvent(EmittedEvent emitted);

    void OnDeleted();

    /// <summary>
    /// The feed lost its place (a version gap, or the store's connection was re-established): <paramref name="state"/>
    /// replaces everything told before, and the next PATCH has <c>state.Version + 1</c>.
    /// </summary>
    void OnResync(PanelState state);
}

internal sealed record PanelPatch(string PanelId, IReadOnlyList<StateMutation> Mutations, long Version);

/// <summary>
/// The right to run one execution of a panel across processes; dispose to hand it on. <see cref="FencingToken"/>
/// grows with every grant, so the store can refuse commits from an earlier holder (0: no fencing, one process).
/// </summary>
internal class PanelTurn(long fencingToken) : IAsyncDisposable
{
    public static readonly PanelTurn Local = new(0);

    public long FencingToken { get; } = fencingToken;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class PanelSubscription(PanelState initial, Action unsubscribe) : IDisposable
{
    private Action? _unsubscribe = unsubscribe;

    public PanelState Initial { get; } = initial;

    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
