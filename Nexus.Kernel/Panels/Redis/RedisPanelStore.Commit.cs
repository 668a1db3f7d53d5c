using System.Text.Json;
using Nexus.Kernel.Execution;
using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>A panel's state with its version and the sequence number of the last message on its feed, read at once.</summary>
internal sealed record PanelSnapshot(PanelState State, long Seq);

internal sealed partial class RedisPanelStore
{
    public override ValueTask<CommitOutcome> CommitAsync(string id, long expectedVersion, ExecutionBatch batch, int maxStateBytes,
        CancellationToken cancellationToken) => CommitAsync(id, expectedVersion, batch, maxStateBytes, PanelTurn.Local, cancellationToken);

    /// <summary>
    /// One script call: fencing check, version compare-and-set, size check, HSET/HDEL, version bump and PUBLISH. If the
    /// reply is lost with the connection the outcome is unknown; the execution ends with an error either way.
    /// </summary>
    public override async ValueTask<CommitOutcome> CommitAsync(string id, long expectedVersion, ExecutionBatch batch, int maxStateBytes,
        PanelTurn turn, CancellationToken cancellationToken)
    {
        var mutations = batch.Mutations;
        var args = new RedisValue[8 + 4 * mutations.Count];
        args[0] = expectedVersion;
        args[1] = turn.FencingToken;
        args[2] = maxStateBytes;
        args[3] = _time.GetUtcNow().ToUnixTimeMilliseconds();
        args[4] = _keys.FeedName(id);
        args[5] = mutations.Count == 0 ? "" : FeedCodec.Mutations(mutations);
        args[6] = FeedCodec.Events(batch.Events);
        args[7] = mutations.Count;
        for (var i = 0; i < mutations.Count; i++)
        {
            var mutation = mutations[i];
            var isSet = FeedCodec.IsSet(mutation);
            args[8 + 4 * i] = isSet ? "s" : "d";
            args[9 + 4 * i] = mutation.Key;
            args[10 + 4 * i] = isSet ? mutation.Value!.Value.GetRawText() : "";
            args[11 + 4 * i] = StateSize.KeyOverhead(mutation.Key);
        }
        RedisKey[] keys = [_keys.Meta(id), _keys.State(id), _keys.Lease(id)];
        var reply = (RedisResult[])(await Guarded("commit", () => _db.ScriptEvaluateAsync(PanelScripts.Commit, keys, args)))!;
        var version = (long)reply[1];
        return new CommitOutcome((string?)reply[0] switch
        {
            "applied" => CommitStatus.Applied,
            "conflict" => CommitStatus.VersionConflict,
            "too_large" => CommitStatus.StateTooLarge,
            "turn_lost" => CommitStatus.TurnLost,
            _ => CommitStatus.PanelGone,
        }, version);
    }

    /// <summary>State, version and feed position in one script, so a subscriber knows exactly which messages it already has.</summary>
    internal async Task<PanelSnapshot?> ReadSnapshotAsync(string id)
    {
        var result = await _db.ScriptEvaluateAsync(PanelScripts.Snapshot, [_keys.Meta(id), _keys.State(id)]);
        if (result.IsNull) return null;
        var parts = (RedisResult[])result!;
        var pairs = (RedisResult[])parts[2]!;
        var values = new Dictionary<string, JsonElement>(pairs.Length / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            using var document = JsonDocument.Parse((string)pairs[i + 1]!, new JsonDocumentOptions { MaxDepth = Json.ClientJson.EnvelopeDepth });
            values[(string)pairs[i]!] = document.RootElement.Clone();
        }
        return new PanelSnapshot(new PanelState(values, (long)parts[0]), (long)parts[1]);
    }
}
