using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>The caller's side (Panels/ in the kernel): applies each batch to a dictionary and records progress.</summary>
internal sealed class TestCallbacks(string initialStateJson = "{}") : IExecutionCallbacks
{
    private readonly Lock _gate = new();
    private long _version;

    public Dictionary<string, JsonElement> State { get; } = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(initialStateJson)!;

    public List<ExecutionBatch> Commits { get; } = [];

    public List<ProgressNotice> Progress { get; } = [];

    /// <summary>When set, every commit is refused with this code.</summary>
    public string? RejectCode { get; init; }

    public ValueTask<long> CommitAsync(ExecutionBatch batch, CancellationToken cancellationToken)
    {
        if (RejectCode is { } code) throw new BatchRejectedException(code, "state would exceed MAX_STATE_BYTES");
        lock (_gate)
        {
            foreach (var mutation in batch.Mutations)
            {
                if (mutation.Op == "set") State[mutation.Key] = mutation.Value!.Value;
                else State.Remove(mutation.Key);
            }
            Commits.Add(batch);
            return ValueTask.FromResult(++_version);
        }
    }

    public void OnProgress(ProgressNotice notice)
    {
        lock (_gate) Progress.Add(notice);
    }

    public string StateJson()
    {
        lock (_gate) return JsonSerializer.Serialize(new SortedDictionary<string, JsonElement>(State, StringComparer.Ordinal));
    }
}
