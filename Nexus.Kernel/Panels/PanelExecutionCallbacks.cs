using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

/// <summary>Commits an execution's batches to the store at its flush points and relays its progress.</summary>
internal sealed class PanelExecutionCallbacks(
    PanelStore store,
    PanelRuntime runtime,
    long startVersion,
    int maxStateBytes,
    Action<ProgressNotice>? onProgress,
    Action<ExecutionBatch> onApplied) : IExecutionCallbacks
{
    private long _version = startVersion;

    public async ValueTask<long> CommitAsync(ExecutionBatch batch, CancellationToken cancellationToken)
    {
        var outcome = await store.CommitAsync(runtime.PanelId, _version, batch, maxStateBytes, cancellationToken);
        if (outcome.Status == CommitStatus.Applied)
        {
            _version = outcome.Version;
            onApplied(batch);
            return _version;
        }
        return outcome.Status switch
        {
            CommitStatus.StateTooLarge => throw new BatchRejectedException(ExecutionErrorCodes.ResourceLimit,
                $"the batch would make the state larger than MAX_STATE_BYTES ({maxStateBytes} bytes)"),
            CommitStatus.PanelGone => throw new BatchRejectedException(ExecutionErrorCodes.PanelNotFound, "the panel was deleted"),
            _ => throw new BatchRejectedException(ExecutionErrorCodes.InternalError,
                $"the panel moved to version {outcome.Version} while this execution held its turn at {_version}"),
        };
    }

    public void OnProgress(ProgressNotice notice)
    {
        runtime.SetSuspended(notice.Status == "suspended");
        onProgress?.Invoke(notice);
    }
}
