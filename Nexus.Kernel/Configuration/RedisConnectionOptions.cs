namespace Nexus.Kernel.Configuration;

/// <summary>
/// The settings of Panels/Redis: how to reach the shared store (its tuning is <c>Panels/Redis/RedisStoreOptions</c>).
/// Defaults come from <see cref="Settings"/>, so a record built in a test starts from the same values as the kernel.
/// </summary>
internal sealed record RedisConnectionOptions
{
    /// <summary>The URL or StackExchange.Redis configuration string; set when PANEL_STORE=redis.</summary>
    public string? RedisUrl { get; init; } = Settings.RedisUrl.Fallback;

    /// <summary>REDIS_PASSWORD or the file REDIS_PASSWORD_FILE names; overrides nothing (REDIS_URL then has none).</summary>
    public string? RedisPassword { get; init; }

    /// <summary>REDIS_TLS_CA_FILE: a CA to trust for a rediss:// server's certificate.</summary>
    public string? RedisTlsCaFile { get; init; } = Settings.RedisTlsCaFile.Fallback;
}
