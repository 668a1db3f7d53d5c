using StackExchange.Redis;

namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// Every key and channel the store uses, in one place (docs/redis-store.md lists them). A panel's own keys share the
/// hash tag <c>{id}</c>; the create and delete scripts also touch the global index keys, so the store expects a
/// single Redis primary (not Redis Cluster).
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>Sorted set of every panel id, scored by creation time (ms): MAX_PANELS counts it, List walks it.</summary>
    public RedisKey Index { get; } = prefix + "panels";

    /// <summary>Source of fencing tokens: one INCR per lease grant, global so a re-created id never reuses a token.</summary>
    public RedisKey FenceCounter { get; } = prefix + "fence";

    /// <summary>Lease releases are announced here (payload: the panel id) so waiting pods retry at once.</summary>
    public RedisChannel LeaseReleased => RedisChannel.Literal(LeaseReleasedName);

    public string LeaseReleasedName { get; } = prefix + "lease-released";

    /// <summary>Every creation (<c>+id</c>) and deletion (<c>-id</c>), published by the create and delete scripts.</summary>
    public RedisChannel Catalog => RedisChannel.Literal(CatalogName);

    public string CatalogName { get; } = prefix + "catalog";

    /// <summary>Owner set keys are this plus the subject (the delete script builds it from the stored owner).</summary>
    public string OwnerPrefix { get; } = prefix + "owner:";

    /// <summary>Set of the panel ids one subject owns (MAX_PANELS_PER_SUBJECT counts it).</summary>
    public RedisKey Owner(string subject) => OwnerPrefix + subject;

    /// <summary>The stored definition (JSON, <see cref="StoredDefinition"/>); it never changes after create.</summary>
    public RedisKey Definition(string id) => prefix + "panel:{" + id + "}:def";

    /// <summary>Hash: version, bytes (maintained state size, <see cref="StateSize.EntriesOf"/>), activity (ms), owner.</summary>
    public RedisKey Meta(string id) => prefix + "panel:{" + id + "}:meta";

    /// <summary>Hash: state key → the value's raw JSON text, stored byte for byte (never re-encoded).</summary>
    public RedisKey State(string id) => prefix + "panel:{" + id + "}:state";

    /// <summary>The execution lease: holds the holder's fencing token, expires unless renewed.</summary>
    public RedisKey Lease(string id) => prefix + "panel:{" + id + "}:lease";

    /// <summary>Who runs one occurrence of a scheduled tool: set once (NX) by the first pod, expires by itself.</summary>
    public RedisKey Claim(string id, string tool, string occurrence) => prefix + "panel:{" + id + "}:claim:" + tool + ":" + occurrence;

    /// <summary>Committed changes and the deletion, in version order (one PUBLISH per commit, from its script).</summary>
    public RedisChannel Feed(string id) => RedisChannel.Literal(FeedName(id));

    public string FeedName(string id) => prefix + "feed:{" + id + "}";
}
