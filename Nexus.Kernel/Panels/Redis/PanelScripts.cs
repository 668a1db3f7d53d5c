namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// The Lua scripts that change a panel. Each runs atomically in Redis, so a check and the write it guards (and the
/// PUBLISH that announces it) can never interleave with another pod's. Values pass through as opaque strings: the
/// scripts never decode JSON (cjson would rewrite numbers and confuse <c>{}</c> with <c>[]</c>).
/// </summary>
internal static class PanelScripts
{
    /// <summary>
    /// KEYS: index, owner set, def, meta, state. ARGV: id, max panels, max per subject, created (ms), definition JSON,
    /// owner, state bytes, catalog channel, then key/raw-JSON pairs. Returns created | exists | panel_limit |
    /// subject_limit; a creation is announced on the catalog channel (<c>+id</c>) so every pod schedules the panel.
    /// </summary>
    public const string Create = """
        if redis.call('EXISTS', KEYS[3]) == 1 then return 'exists' end
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'panel_limit' end
        if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[3]) then return 'subject_limit' end
        redis.call('SET', KEYS[3], ARGV[5])
        redis.call('DEL', KEYS[4], KEYS[5])
        redis.call('HSET', KEYS[4], 'version', 0, 'seq', 0, 'bytes', ARGV[7], 'activity', ARGV[4], 'owner', ARGV[6])
        for i = 9, #ARGV, 2 do redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1]) end
        redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('PUBLISH', ARGV[8], '+' .. ARGV[1])
        return 'created'
        """;

    /// <summary>KEYS: meta, state. Returns nil (no panel) or {version, seq, {k1, v1, k2, v2, ...}}, read together.</summary>
    public const string Snapshot = """
        local meta = redis.call('HMGET', KEYS[1], 'version', 'seq')
        if not meta[1] then return false end
        return {meta[1], meta[2], redis.call('HGETALL', KEYS[2])}
        """;

    /// <summary>
    /// KEYS: meta, state, lease. ARGV: expected version, fencing token ('0': not fenced), max state bytes, now (ms),
    /// feed channel, mutations JSON, events JSON ('' when none), mutation count, then per mutation: op (s|d), key,
    /// raw JSON value, the entry's fixed overhead (encoded key + quotes, colon, comma). Returns {status, version}.
    /// The size is computed on a scratch copy first, so a rejected batch writes nothing. Every publish carries a
    /// sequence number one above the last, so a subscriber can tell a lost message (events-only ones included).
    /// </summary>
    public const string Commit = """
        local version = redis.call('HGET', KEYS[1], 'version')
        if not version then return {'gone', 0} end
        version = tonumber(version)
        if ARGV[2] ~= '0' and redis.call('GET', KEYS[3]) ~= ARGV[2] then return {'turn_lost', version} end
        if version ~= tonumber(ARGV[1]) then return {'conflict', version} end
        local n = tonumber(ARGV[8])
        if n > 0 then
          local bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes'))
          local pending, order = {}, {}
          for i = 0, n - 1 do
            local b = 9 + i * 4
            local key, overhead = ARGV[b + 1], tonumber(ARGV[b + 3])
            local old = pending[key]
            if old == nil then
              old = redis.call('HGET', KEYS[2], key)
              order[#order + 1] = key
            end
            if old then bytes = bytes - overhead - #old end
            if ARGV[b] == 's' then
              bytes = bytes + overhead + #ARGV[b + 2]
              pending[key] = ARGV[b + 2]
            else
              pending[key] = false
            end
          end
          local size = bytes + 1
          if bytes == 0 then size = 2 end
          if size > tonumber(ARGV[3]) then return {'too_large', version} end
          for _, key in ipairs(order) do
            if pending[key] then redis.call('HSET', KEYS[2], key, pending[key]) else redis.call('HDEL', KEYS[2], key) end
          end
          version = version + 1
          redis.call('HSET', KEYS[1], 'version', version, 'bytes', bytes)
        end
        redis.call('HSET', KEYS[1], 'activity', ARGV[4])
        if n > 0 or ARGV[7] ~= '' then
          local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
          local parts = {'{"s":', string.format('%d', seq), ',"v":', string.format('%d', version)}
          if n > 0 then parts[#parts + 1] = ',"m":'; parts[#parts + 1] = ARGV[6] end
          if ARGV[7] ~= '' then parts[#parts + 1] = ',"e":'; parts[#parts + 1] = ARGV[7] end
          parts[#parts + 1] = '}'
          redis.call('PUBLISH', ARGV[5], table.concat(parts))
        end
        return {'applied', version}
        """;

    /// <summary>
    /// KEYS: index, def, meta, state, lease. ARGV: id, owner key prefix, feed channel, lease channel, catalog channel.
    /// Publishes the deletion on the feed (listeners on every pod close), a lease release (waiters wake, find it gone)
    /// and <c>-id</c> on the catalog (every pod stops the panel's schedules). 1 or 0.
    /// </summary>
    public const string Delete = """
        local meta = redis.call('HMGET', KEYS[3], 'owner', 'version', 'seq')
        if not meta[1] then return 0 end
        redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5])
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('SREM', ARGV[2] .. meta[1], ARGV[1])
        redis.call('PUBLISH', ARGV[3], '{"s":' .. (tonumber(meta[3]) + 1) .. ',"v":' .. meta[2] .. ',"d":true}')
        redis.call('PUBLISH', ARGV[4], ARGV[1])
        redis.call('PUBLISH', ARGV[5], '-' .. ARGV[1])
        return 1
        """;
}
