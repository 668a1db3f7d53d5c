using System.Text.Json;
using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// Panels shared by every pod through one Redis (docs/redis-store.md). Definitions, state (a hash of raw JSON) and
/// versions live in Redis; changes are made by Lua scripts (PanelScripts) so checks and writes are atomic; a lease
/// with a fencing token orders executions across pods; commits fan out on a per-panel channel. docs/redis-store.md.
/// </summary>
internal sealed partial class RedisPanelStore : PanelStore
{
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly RedisKeys _keys;
    private readonly RedisStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PanelFeeds _feeds;
    private readonly LeaseWaiters _waiters = new();
    private int _disposed;

    private RedisPanelStore(ConnectionMultiplexer redis, RedisStoreOptions options, TimeProvider time, ILogger logger)
    {
        _redis = redis;
        _db = redis.GetDatabase();
        _keys = new RedisKeys(options.Prefix);
        _options = options;
        _time = time;
        _logger = logger;
        _feeds = new PanelFeeds(redis.GetSubscriber(), _keys, ReadSnapshotAsync, logger);
        redis.ConnectionFailed += (_, e) => Log.ConnectionLost(logger, e.ConnectionType.ToString(), e.FailureType.ToString());
        redis.ConnectionRestored += (_, e) =>
        {
            Log.ConnectionRestored(logger, e.ConnectionType.ToString());
            // Messages published while the subscription was down are gone: every local listener starts over. Either
            // connection may come back last, and the snapshot needs the interactive one, so both trigger it.
            _feeds.ResyncAll();
        };
    }

    /// <summary>Connects without waiting for Redis to be up: the pod starts (not ready) and recovers by itself.</summary>
    public static RedisPanelStore Connect(string url, RedisStoreOptions options, TimeProvider time, ILogger logger,
        string? password = null, string? tlsCaFile = null)
    {
        var configuration = RedisUrl.Parse(url, password, tlsCaFile);
        Log.Starting(logger, string.Join(",", configuration.EndPoints.Select(e => e.ToString())));
        return new RedisPanelStore(ConnectionMultiplexer.Connect(configuration), options, time, logger);
    }

    public override async ValueTask<CreateOutcome> CreateAsync(PanelDefinition definition, IReadOnlyDictionary<string, JsonElement> initialState,
        PanelLimits limits, CancellationToken cancellationToken)
    {
        var id = definition.Id;
        var createdMs = definition.CreatedAt.ToUnixTimeMilliseconds();
        var args = new List<RedisValue>(8 + 2 * initialState.Count)
        {
            id, limits.MaxPanels, limits.MaxPanelsPerSubject, createdMs, StoredDefinitionCodec.Serialize(definition), definition.Owner,
            StateSize.EntriesOf(initialState), _keys.CatalogName,
        };
        foreach (var (key, value) in initialState)
        {
            args.Add(key);
            args.Add(value.GetRawText());
        }
        RedisKey[] keys = [_keys.Index, _keys.Owner(definition.Owner), _keys.Definition(id), _keys.Meta(id), _keys.State(id)];
        var result = await Guarded("create", () => _db.ScriptEvaluateAsync(PanelScripts.Create, keys, [.. args]));
        return (string?)result switch
        {
            "created" => CreateOutcome.Created,
            "exists" => CreateOutcome.Exists,
            "panel_limit" => CreateOutcome.PanelLimit,
            _ => CreateOutcome.SubjectLimit,
        };
    }

    public override async ValueTask<StoredPanel?> GetAsync(string id, CancellationToken cancellationToken) =>
        await Guarded("get", () => ReadPanelAsync(id));

    public override async ValueTask<IReadOnlyList<StoredPanel>> ListAsync(CancellationToken cancellationToken) =>
        await Guarded("list", async () =>
        {
            var ids = await _db.SortedSetRangeByRankAsync(_keys.Index);
            // Issued together, so StackExchange.Redis pipelines them: one round trip's worth of latency, not n.
            var panels = await Task.WhenAll(ids.Select(id => ReadPanelAsync(id!)));
            return (IReadOnlyList<StoredPanel>)[.. panels.OfType<StoredPanel>()];
        });

    public override async ValueTask<PanelState?> GetStateAsync(string id, CancellationToken cancellationToken) =>
        (await Guarded("read state", () => ReadSnapshotAsync(id)))?.State;

    public override async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_keys.Index, _keys.Definition(id), _keys.Meta(id), _keys.State(id), _keys.Lease(id)];
        RedisValue[] args = [id, _keys.OwnerPrefix, _keys.FeedName(id), _keys.LeaseReleasedName, _keys.CatalogName];
        var deleted = (long)await Guarded("delete", () => _db.ScriptEvaluateAsync(PanelScripts.Delete, keys, args)) == 1;
        // Listeners on this pod hear it now (as in memory); other pods hear it from the published deletion.
        if (deleted) _feeds.DeletedHere(id);
        return deleted;
    }

    public override async ValueTask<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        if (!_redis.IsConnected) return false;
        try
        {
            await _db.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        }
        catch (Exception error) when (error is RedisException or TimeoutException)
        {
            return false;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // Registered under several service types (store, catalog, claims): the container may dispose it more than once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _feeds.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<StoredPanel?> ReadPanelAsync(string id)
    {
        var definition = _db.StringGetAsync(_keys.Definition(id));
        var meta = _db.HashGetAsync(_keys.Meta(id), ["version", "activity"]);
        var json = await definition;
        var fields = await meta;
        if (json.IsNull || fields[0].IsNull) return null;
        return new StoredPanel(StoredDefinitionCodec.Deserialize(json!), (long)fields[0],
            DateTimeOffset.FromUnixTimeMilliseconds((long)fields[1]));
    }

    /// <summary>Runs a Redis operation; a lost or slow connection becomes <see cref="PanelStoreUnavailableException"/>.</summary>
    private async Task<T> Guarded<T>(string operation, Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception error) when (error is RedisConnectionException or RedisTimeoutException)
        {
            Log.Unavailable(_logger, operation, error.Message);
            throw new PanelStoreUnavailableException($"the panel store (Redis) is unreachable: {operation} failed", error);
        }
    }
}
