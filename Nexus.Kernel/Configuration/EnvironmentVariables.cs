namespace Nexus.Kernel.Configuration;

/// <summary>
/// The names of every environment variable the kernel reads (README "Configuration"). The manifests' ConfigMap is checked
/// against this list by the deployment tests, so a misspelt key fails CI.
/// </summary>
internal static class EnvironmentVariables
{
    public static readonly IReadOnlyList<string> All =
    [
        "HTTP_PORT", "WS_PORT", "METRICS_PORT", "HOST", "PUBLIC_URL", "TRUSTED_PROXIES",
        "AUTH_ENABLED", "JWT_SECRET", "JWT_ISSUER", "JWT_AUDIENCE", "JWT_MAX_TTL_S", "CORS_ORIGINS",
        "BODY_LIMIT", "MAX_PANELS", "MAX_PANELS_PER_SUBJECT", "MAX_TOOLS", "MAX_HANDLER_BYTES", "MAX_MODULE_BYTES",
        "MAX_STATE_BYTES", "MAX_INSTANCES", "MIN_INSTANCES", "MAX_SUSPENDED", "PANEL_QUEUE_LIMIT", "MEMORY_LIMIT_MB",
        "TIMEOUT_MS", "EXECUTION_DEADLINE_MS", "MAX_HOST_CALLS", "MAX_STATE_MUTATIONS", "MAX_EVENTS", "MAX_LOG_BYTES",
        "CACHE_DIR", "CACHE_MAX_MB", "CACHE_DISK_MAX_MB",
        "HTTP_MAX_CONCURRENT", "HTTP_TIMEOUT", "HTTP_ALLOWED_DOMAINS", "HTTP_MAX_RESPONSE_BYTES", "HTTP_ALLOW_PRIVATE",
        "WS_MAX_MESSAGE_BYTES", "WS_MAX_CONNECTIONS", "WS_RATE_LIMIT", "WS_RATE_BURST", "WS_SEND_QUEUE_BYTES", "WS_PING_INTERVAL_MS", "WS_PING_TIMEOUT_MS",
        "PANEL_STORE", "REDIS_URL", "SHUTDOWN_DELAY_MS", "SHUTDOWN_TIMEOUT_MS", "LOG_LEVEL", "LOG_FORMAT",
    ];

    /// <summary>Variables whose values are secrets: never printed, never placed in a ConfigMap.</summary>
    public static readonly IReadOnlyList<string> Secrets = ["JWT_SECRET", "REDIS_URL"];
}
