namespace Nexus.Kernel.Panels.Redis;

/// <summary>
/// The per-panel execution lease. Its value is a fencing token from one global counter, so every grant is larger
/// than any before it; only the holder of the current token can renew, release, or commit (see PanelScripts.Commit).
/// </summary>
internal static class LeaseScripts
{
    /// <summary>KEYS: lease, fence counter, meta. ARGV: ttl (ms). Returns the token (&gt; 0), 0 when the panel is gone,
    /// or minus the milliseconds the current holder's lease has left.</summary>
    public const string Acquire = """
        if redis.call('EXISTS', KEYS[3]) == 0 then return 0 end
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local left = redis.call('PTTL', KEYS[1])
          if left < 1 then left = 1 end
          return -left
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], token, 'PX', ARGV[1])
        return token
        """;

    /// <summary>KEYS: lease. ARGV: token, ttl (ms). 1 when still held (and extended), 0 when lost.</summary>
    public const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    /// <summary>KEYS: lease. ARGV: token, release channel, panel id. Deletes only our own lease, then wakes waiters.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('DEL', KEYS[1])
          redis.call('PUBLISH', ARGV[2], ARGV[3])
          return 1
        end
        return 0
        """;
}
