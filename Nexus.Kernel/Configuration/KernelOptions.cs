using System.Net;

namespace Nexus.Kernel.Configuration;

/// <summary>Every setting (README "Configuration"), parsed and validated once at start-up by <see cref="KernelOptionsLoader"/>.</summary>
internal sealed record KernelOptions
{
    public int HttpPort { get; init; } = 3000;
    public int WsPort { get; init; } = 3001;
    public int MetricsPort { get; init; } = 9464;
    public IPAddress Host { get; init; } = IPAddress.Any;
    public Uri? PublicUrl { get; init; }
    public IReadOnlyList<IPNetwork> TrustedProxies { get; init; } = [];

    public bool AuthEnabled { get; init; } = true;
    public byte[] JwtSecret { get; init; } = [];
    public string? JwtIssuer { get; init; }
    public string? JwtAudience { get; init; }
    public TimeSpan JwtMaxTtl { get; init; } = TimeSpan.FromSeconds(86400);
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    public long BodyLimitBytes { get; init; } = 1024 * 1024;
    public int MaxPanels { get; init; } = 100;
    public int MaxPanelsPerSubject { get; init; } = 20;
    public int MaxTools { get; init; } = 32;
    public int MaxHandlerBytes { get; init; } = 65536;
    public int MaxModuleBytes { get; init; } = 4194304;
    public int MaxStateBytes { get; init; } = 1048576;

    public int MaxInstances { get; init; } = 2 * Environment.ProcessorCount;
    public int MinInstances { get; init; } = 2;
    public int MaxSuspended { get; init; } = 100;
    public int PanelQueueLimit { get; init; } = 256;
    public int MemoryLimitMb { get; init; } = 32;
    public int TimeoutMs { get; init; } = 5000;
    public int ExecutionDeadlineMs { get; init; } = 60000;
    public int MaxHostCalls { get; init; } = 1000;
    public int MaxStateMutations { get; init; } = 1000;
    public int MaxEvents { get; init; } = 100;
    public int MaxLogBytes { get; init; } = 65536;

    public string CacheDir { get; init; } = "/tmp/nexus-cache";
    public int CacheMaxMb { get; init; } = 64;
    public int CacheDiskMaxMb { get; init; } = 96;

    public int HttpMaxConcurrent { get; init; } = 10;
    public int HttpTimeoutMs { get; init; } = 30000;
    public IReadOnlyList<string> HttpAllowedDomains { get; init; } = [];
    public long HttpMaxResponseBytes { get; init; } = 1048576;
    public bool HttpAllowPrivate { get; init; }

    public int WsMaxMessageBytes { get; init; } = 65536;
    public int WsMaxConnections { get; init; } = 10000;
    public int WsRateLimit { get; init; } = 100;
    public int WsRateBurst { get; init; } = 200;
    public int WsSendQueueBytes { get; init; } = 1048576;
    public int WsPingIntervalMs { get; init; } = 30000;
    public int WsPingTimeoutMs { get; init; } = 15000;

    public PanelStoreKind PanelStore { get; init; } = PanelStoreKind.Memory;
    public string? RedisUrl { get; init; }

    /// <summary>REDIS_PASSWORD or the file REDIS_PASSWORD_FILE names; overrides nothing (REDIS_URL then has none).</summary>
    public string? RedisPassword { get; init; }

    /// <summary>REDIS_TLS_CA_FILE: a CA to trust for a rediss:// server's certificate.</summary>
    public string? RedisTlsCaFile { get; init; }

    /// <summary>Where the cgroup filesystem is mounted; its memory limit bounds the configured worst case.</summary>
    public string MemoryCgroupDir { get; init; } = "/sys/fs/cgroup";

    public int ShutdownDelayMs { get; init; }
    public int ShutdownTimeoutMs { get; init; } = 10000;

    public KernelLogLevel LogLevel { get; init; } = KernelLogLevel.Info;
    public LogFormat LogFormat { get; init; } = LogFormat.Json;

    /// <summary>Set only by <c>--dev</c>: the secret was generated for this process and a token is printed.</summary>
    public bool DevMode { get; init; }

    /// <summary>Serve the browser console at <c>/console</c> (default: on with <c>--dev</c>, off otherwise).</summary>
    public bool ConsoleEnabled { get; init; }
}

internal enum PanelStoreKind { Memory, Redis }

internal enum KernelLogLevel { Debug, Info, Warn, Error }

internal enum LogFormat { Json, Console }
