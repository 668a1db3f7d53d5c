using System.Net;
using System.Text;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// Every environment variable the kernel reads, in one table: the loader reads with it, the deployment tests check
/// the ConfigMap against it, and the README's configuration table is generated from it (a test keeps them equal).
/// </summary>
internal static class Settings
{
    public static readonly Setting HttpPort = Setting.Int("HTTP_PORT", 3000, 0, "HTTP API port (0: any free port); the three ports differ unless 0", max: 65535);
    public static readonly Setting WsPort = Setting.Int("WS_PORT", 3001, 0, "WebSocket port", max: 65535);
    public static readonly Setting MetricsPort = Setting.Int("METRICS_PORT", 9464, 0, "Prometheus `/metrics` port", max: 65535);
    public static readonly Setting<IPAddress> Host = new("HOST", "`0.0.0.0`", "an IP address", "address every listener binds", IPAddress.Any, SettingParsers.Address);
    public static readonly Setting<Uri?> PublicUrl = new("PUBLIC_URL", "unset", "an absolute http(s) URL", "base of the `wsUrl` returned on create (else the request's own)", null, SettingParsers.HttpUrl);
    public static readonly Setting<IReadOnlyList<IPNetwork>> TrustedProxies = new("TRUSTED_PROXIES", "unset", "comma list of IPs/CIDRs", "forwarded headers are honoured only from these", [], SettingParsers.Networks);
    public static readonly Setting<bool> AuthEnabled = Setting.Bool("AUTH_ENABLED", true, "`true`", "false: every caller is subject `anonymous` with every scope");
    public static readonly Setting JwtSecret = new("JWT_SECRET", "—", "at least 32 bytes", "HS256 key; required when auth is on; generated only by `--dev`", Secret: true);
    public static readonly Setting JwtSecretFile = new("JWT_SECRET_FILE", "unset", "a readable file path", "file holding `JWT_SECRET` (a mounted Secret; one trailing newline ignored); setting both is an error");
    public static readonly Setting<string?> JwtIssuer = Setting.Text("JWT_ISSUER", null, "unset", "text", "when set, tokens must carry this `iss`");
    public static readonly Setting<string?> JwtAudience = Setting.Text("JWT_AUDIENCE", null, "unset", "text", "when set, tokens must carry this `aud`");
    public static readonly Setting JwtMaxTtl = Setting.Int("JWT_MAX_TTL_S", 86400, 1, "`exp` is required and at most this many seconds from now; an `iat` beyond the 30 s skew in the future is refused");
    public static readonly Setting<IReadOnlyList<string>> CorsOrigins = new("CORS_ORIGINS", "unset (no CORS)", "comma list of http(s) origins, or `*`", "origins allowed by CORS", [], SettingParsers.Origins);
    public static readonly Setting<long> BodyLimit = new("BODY_LIMIT", "`1mb`", "a size: bytes, or `b`/`kb`/`mb`/`gb` (powers of 1024)", "largest HTTP request body", 1024 * 1024, SettingParsers.Size);
    public static readonly Setting MaxPanels = Setting.Int("MAX_PANELS", 100, 1, "panels in the kernel");
    public static readonly Setting MaxPanelsPerSubject = Setting.Int("MAX_PANELS_PER_SUBJECT", 20, 1, "panels one subject may own");
    public static readonly Setting MaxTools = Setting.Int("MAX_TOOLS", 32, 1, "tools per panel (more is a 400)");
    public static readonly Setting MaxHandlerBytes = Setting.Int("MAX_HANDLER_BYTES", 65536, 1, "JavaScript handler size (more is a 413)");
    public static readonly Setting MaxModuleBytes = Setting.Int("MAX_MODULE_BYTES", 4194304, 1, "wasm module size (more is a 413)");
    public static readonly Setting MaxStateBytes = Setting.Int("MAX_STATE_BYTES", 1048576, 1, "panel state size; a batch over it is `RESOURCE_LIMIT`");
    public static readonly Setting MaxInstances = Setting.Int("MAX_INSTANCES", 2 * Environment.ProcessorCount, 1, "executions running at once", defaultText: "2 × cores");
    public static readonly Setting MinInstances = Setting.Int("MIN_INSTANCES", 2, 0, "sandboxes kept ready", defaultText: "2 (at most `MAX_INSTANCES`)", ruleText: "integer 0–`MAX_INSTANCES`");
    public static readonly Setting MaxSuspended = Setting.Int("MAX_SUSPENDED", 100, 0, "executions parked awaiting I/O");
    public static readonly Setting PanelQueueLimit = Setting.Int("PANEL_QUEUE_LIMIT", 256, 1, "waiting executions per panel, then `QUEUE_FULL`");
    public static readonly Setting MemoryLimitMb = Setting.Int("MEMORY_LIMIT_MB", 32, 4, "guest memory per execution → `MEMORY_LIMIT`");
    public static readonly Setting TimeoutMs = Setting.Int("TIMEOUT_MS", 5000, 100, "guest CPU time per execution → `TIMEOUT`");
    public static readonly Setting ExecutionDeadlineMs = Setting.Int("EXECUTION_DEADLINE_MS", 60000, 100, "wall time per execution, awaits included → `TIMEOUT`", defaultText: "60000 (at least `TIMEOUT_MS`)", ruleText: "integer ≥ 100 and ≥ `TIMEOUT_MS`");
    public static readonly Setting MaxHostCalls = Setting.Int("MAX_HOST_CALLS", 1000, 1, "guest → host calls per execution → `RESOURCE_LIMIT`");
    public static readonly Setting MaxStateMutations = Setting.Int("MAX_STATE_MUTATIONS", 1000, 1, "state writes per execution → `RESOURCE_LIMIT`");
    public static readonly Setting MaxEvents = Setting.Int("MAX_EVENTS", 100, 1, "events per execution → `RESOURCE_LIMIT`");
    public static readonly Setting MaxLogBytes = Setting.Int("MAX_LOG_BYTES", 65536, 1, "`$log` bytes per execution → `RESOURCE_LIMIT`");
    public static readonly Setting<string?> CacheDir = Setting.Text("CACHE_DIR", "/tmp/nexus-cache", "`/tmp/nexus-cache`", "a directory", "compiled modules; created if missing; unwritable: one warning, memory only");
    public static readonly Setting CacheMaxMb = Setting.Int("CACHE_MAX_MB", 64, 1, "compiled modules kept in memory");
    public static readonly Setting CacheDiskMaxMb = Setting.Int("CACHE_DISK_MAX_MB", 96, 1, "compiled modules kept in `CACHE_DIR`");
    public static readonly Setting HttpMaxConcurrent = Setting.Int("HTTP_MAX_CONCURRENT", 10, 1, "`$ext.http` calls at once");
    public static readonly Setting HttpTimeout = Setting.Int("HTTP_TIMEOUT", 30000, 1, "`$ext.http` timeout in ms, capped by the time the execution has left");
    public static readonly Setting<IReadOnlyList<string>> HttpAllowedDomains = new("HTTP_ALLOWED_DOMAINS", "unset", "comma list of host names", "hosts `$ext.http` may call; empty allows none", [], SettingParsers.HostNames);
    public static readonly Setting<long> HttpMaxResponseBytes = new("HTTP_MAX_RESPONSE_BYTES", "1048576", "integer ≥ 1", "`$ext.http` response size, enforced while reading", 1048576, SettingParsers.Long(1));
    public static readonly Setting<bool> HttpAllowPrivate = Setting.Bool("HTTP_ALLOW_PRIVATE", false, "`false`", "let `$ext.http` reach loopback, private, link-local addresses");
    public static readonly Setting WsMaxMessageBytes = Setting.Int("WS_MAX_MESSAGE_BYTES", 65536, 1, "largest client WebSocket message");
    public static readonly Setting WsMaxConnections = Setting.Int("WS_MAX_CONNECTIONS", 10000, 1, "WebSocket connections at once");
    public static readonly Setting WsRateLimit = Setting.Int("WS_RATE_LIMIT", 100, 1, "client messages per second per connection");
    public static readonly Setting WsRateBurst = Setting.Int("WS_RATE_BURST", 200, 1, "burst above the rate");
    public static readonly Setting WsSendQueueBytes = Setting.Int("WS_SEND_QUEUE_BYTES", 1048576, 1, "bytes queued to a slow client before it is closed");
    public static readonly Setting WsPingIntervalMs = Setting.Int("WS_PING_INTERVAL_MS", 30000, 100, "keep-alive ping period (not in the design; added)");
    public static readonly Setting WsPingTimeoutMs = Setting.Int("WS_PING_TIMEOUT_MS", 15000, 100, "how long a pong may take (not in the design; added)");
    public static readonly Setting<PanelStoreKind> PanelStore = Setting.Choice("PANEL_STORE", PanelStoreKind.Memory, "`memory`", "`memory` or `redis`", "where panels live; `redis` needs `REDIS_URL`",
        ("memory", PanelStoreKind.Memory), ("redis", PanelStoreKind.Redis));
    public static readonly Setting<string?> RedisUrl = new("REDIS_URL", "unset", "`redis://[:password@]host:port[/db]` or `host:port[,option=value]`", "the shared store", null, SettingParsers.RedisUrl, Secret: true);
    public static readonly Setting RedisPassword = new("REDIS_PASSWORD", "unset", "text", "Redis password when `REDIS_URL` carries none (both is an error)", Secret: true);
    public static readonly Setting RedisPasswordFile = new("REDIS_PASSWORD_FILE", "unset", "a readable file path", "file holding `REDIS_PASSWORD`; setting both is an error");
    public static readonly Setting<string?> RedisTlsCaFile = Setting.Text("REDIS_TLS_CA_FILE", null, "unset", "a readable PEM file", "CA that signed the server certificate of a `rediss://` Redis, trusted besides the system's");
    public static readonly Setting<string?> MemoryCgroupDir = Setting.Text("MEMORY_CGROUP_DIR", "/sys/fs/cgroup", "`/sys/fs/cgroup`", "a directory", "cgroup mount read at start: a worst case over its memory limit stops start-up (README \"Memory\")");
    public static readonly Setting ShutdownDelayMs = Setting.Int("SHUTDOWN_DELAY_MS", 0, 0, "readiness 503 for this long before refusing new work");
    public static readonly Setting ShutdownTimeoutMs = Setting.Int("SHUTDOWN_TIMEOUT_MS", 10000, 0, "then drain for up to this long");
    public static readonly Setting<KernelLogLevel> LogLevel = Setting.Choice("LOG_LEVEL", KernelLogLevel.Info, "`info`", "`debug`/`info`/`warn`/`error`", "least severe level written",
        ("debug", KernelLogLevel.Debug), ("info", KernelLogLevel.Info), ("warn", KernelLogLevel.Warn), ("error", KernelLogLevel.Error));
    public static readonly Setting<bool> ConsoleEnabled = Setting.Bool("CONSOLE_ENABLED", false, "`false` (`true` with `--dev`)", "serve the browser console at `/console` on the HTTP port (it uses the public API with a token)");
    public static readonly Setting<LogFormat> LogFormat = Setting.Choice("LOG_FORMAT", Configuration.LogFormat.Json, "`json`", "`json`/`console`", "JSON lines, or text for people",
        ("json", Configuration.LogFormat.Json), ("console", Configuration.LogFormat.Console));

    public static readonly IReadOnlyList<Setting> All =
    [
        HttpPort, WsPort, MetricsPort, Host, PublicUrl, TrustedProxies,
        AuthEnabled, JwtSecret, JwtSecretFile, JwtIssuer, JwtAudience, JwtMaxTtl, CorsOrigins,
        BodyLimit, MaxPanels, MaxPanelsPerSubject, MaxTools, MaxHandlerBytes, MaxModuleBytes,
        MaxStateBytes, MaxInstances, MinInstances, MaxSuspended, PanelQueueLimit, MemoryLimitMb,
        TimeoutMs, ExecutionDeadlineMs, MaxHostCalls, MaxStateMutations, MaxEvents, MaxLogBytes,
        CacheDir, CacheMaxMb, CacheDiskMaxMb,
        HttpMaxConcurrent, HttpTimeout, HttpAllowedDomains, HttpMaxResponseBytes, HttpAllowPrivate,
        WsMaxMessageBytes, WsMaxConnections, WsRateLimit, WsRateBurst, WsSendQueueBytes, WsPingIntervalMs, WsPingTimeoutMs,
        PanelStore, RedisUrl, RedisPassword, RedisPasswordFile, RedisTlsCaFile, MemoryCgroupDir, ShutdownDelayMs, ShutdownTimeoutMs, LogLevel, LogFormat, ConsoleEnabled,
    ];

    /// <summary>The README's configuration table, one row per variable.</summary>
    public static string MarkdownTable()
    {
        var table = new StringBuilder("| variable | default | rule | meaning |\n|---|---|---|---|\n");
        foreach (var s in All) table.Append($"| `{s.Name}` | {s.Default} | {s.Rule} | {s.Help} |\n");
        return table.ToString();
    }
}
