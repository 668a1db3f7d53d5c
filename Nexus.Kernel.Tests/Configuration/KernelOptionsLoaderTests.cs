using Microsoft.Extensions.Configuration;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Tests.Configuration;

public class KernelOptionsLoaderTests
{
    private const string Secret = "a-secret-that-is-at-least-32-bytes!!";

    private static KernelOptions Load(Dictionary<string, string?> values, bool devMode = false)
    {
        values.TryAdd("JWT_SECRET", Secret);
        return KernelOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), devMode);
    }

    private static string ErrorOf(Dictionary<string, string?> values)
    {
        try
        {
            Load(values);
        }
        catch (ConfigurationException error)
        {
            return error.Message;
        }
        throw new InvalidOperationException("expected a configuration error");
    }

    [Test]
    public async Task Defaults_match_the_design()
    {
        var o = Load([]);
        await Assert.That((o.Listeners.HttpPort, o.Listeners.WsPort, o.Listeners.MetricsPort)).IsEqualTo((3000, 3001, 9464));
        await Assert.That(o.Listeners.BodyLimitBytes).IsEqualTo(1024 * 1024);
        await Assert.That((o.Panels.MaxPanels, o.Panels.MaxPanelsPerSubject, o.HttpApi.MaxTools)).IsEqualTo((100, 20, 32));
        await Assert.That(o.Execution.MaxInstances).IsEqualTo(2 * Environment.ProcessorCount);
        await Assert.That((o.Execution.MinInstances, o.Execution.MaxSuspended, o.Panels.PanelQueueLimit, o.Execution.MemoryLimitMb)).IsEqualTo((2, 100, 256, 32));
        await Assert.That((o.Execution.TimeoutMs, o.Execution.ExecutionDeadlineMs)).IsEqualTo((5000, 60000));
        await Assert.That((o.ModuleCache.CacheDir, o.ModuleCache.CacheMaxMb, o.ModuleCache.CacheDiskMaxMb)).IsEqualTo(("/tmp/nexus-cache", 64, 96));
        await Assert.That((o.WebSockets.WsMaxMessageBytes, o.WebSockets.WsRateLimit, o.WebSockets.WsRateBurst)).IsEqualTo((65536, 100, 200));
        await Assert.That(o.Panels.PanelStore).IsEqualTo(PanelStoreKind.Memory);
        await Assert.That((o.Logging.LogLevel, o.Logging.LogFormat)).IsEqualTo((KernelLogLevel.Info, LogFormat.Json));
        await Assert.That(o.Auth.AuthEnabled).IsTrue();
    }

    [Test]
    [Arguments("HTTP_PORT", "abc", "invalid configuration: HTTP_PORT=\"abc\": must be an integer from 0 to 65535")]
    [Arguments("WS_PORT", "70000", "invalid configuration: WS_PORT=\"70000\": must be an integer from 0 to 65535")]
    [Arguments("METRICS_PORT", "-1", "invalid configuration: METRICS_PORT=\"-1\": must be an integer from 0 to 65535")]
    [Arguments("HOST", "example.com", "invalid configuration: HOST=\"example.com\": must be an IP address")]
    [Arguments("PUBLIC_URL", "ftp://x", "invalid configuration: PUBLIC_URL=\"ftp://x\": must be an absolute http(s) URL")]
    [Arguments("PUBLIC_URL", "/relative", "invalid configuration: PUBLIC_URL=\"/relative\": must be an absolute http(s) URL")]
    [Arguments("TRUSTED_PROXIES", "10.0.0.0/8,nope", "invalid configuration: TRUSTED_PROXIES=\"10.0.0.0/8,nope\": 'nope' is not an IP address or CIDR")]
    [Arguments("AUTH_ENABLED", "yes", "invalid configuration: AUTH_ENABLED=\"yes\": must be true or false")]
    [Arguments("JWT_MAX_TTL_S", "0", "invalid configuration: JWT_MAX_TTL_S=\"0\": must be an integer >= 1")]
    [Arguments("CORS_ORIGINS", "example.com", "invalid configuration: CORS_ORIGINS=\"example.com\": 'example.com' is not * or an http(s) origin")]
    [Arguments("BODY_LIMIT", "1tb", "invalid configuration: BODY_LIMIT=\"1tb\": must be a size >= 1 such as 512kb or 1mb (b, kb, mb, gb: powers of 1024)")]
    [Arguments("BODY_LIMIT", "0kb", "invalid configuration: BODY_LIMIT=\"0kb\": must be a size >= 1 such as 512kb or 1mb (b, kb, mb, gb: powers of 1024)")]
    [Arguments("MAX_PANELS", "0", "invalid configuration: MAX_PANELS=\"0\": must be an integer >= 1")]
    [Arguments("MAX_PANELS_PER_SUBJECT", "x", "invalid configuration: MAX_PANELS_PER_SUBJECT=\"x\": must be an integer >= 1")]
    [Arguments("MAX_TOOLS", "0", "invalid configuration: MAX_TOOLS=\"0\": must be an integer >= 1")]
    [Arguments("MAX_HANDLER_BYTES", "0", "invalid configuration: MAX_HANDLER_BYTES=\"0\": must be an integer >= 1")]
    [Arguments("MAX_MODULE_BYTES", "1.5", "invalid configuration: MAX_MODULE_BYTES=\"1.5\": must be an integer >= 1")]
    [Arguments("MAX_STATE_BYTES", "0", "invalid configuration: MAX_STATE_BYTES=\"0\": must be an integer >= 1")]
    [Arguments("MAX_INSTANCES", "0", "invalid configuration: MAX_INSTANCES=\"0\": must be an integer >= 1")]
    [Arguments("MAX_SUSPENDED", "-1", "invalid configuration: MAX_SUSPENDED=\"-1\": must be an integer >= 0")]
    [Arguments("PANEL_QUEUE_LIMIT", "0", "invalid configuration: PANEL_QUEUE_LIMIT=\"0\": must be an integer >= 1")]
    [Arguments("MEMORY_LIMIT_MB", "3", "invalid configuration: MEMORY_LIMIT_MB=\"3\": must be an integer >= 4")]
    [Arguments("TIMEOUT_MS", "99", "invalid configuration: TIMEOUT_MS=\"99\": must be an integer >= 100")]
    [Arguments("EXECUTION_DEADLINE_MS", "50", "invalid configuration: EXECUTION_DEADLINE_MS=\"50\": must be an integer >= 100")]
    [Arguments("MAX_HOST_CALLS", "0", "invalid configuration: MAX_HOST_CALLS=\"0\": must be an integer >= 1")]
    [Arguments("MAX_STATE_MUTATIONS", "0", "invalid configuration: MAX_STATE_MUTATIONS=\"0\": must be an integer >= 1")]
    [Arguments("MAX_EVENTS", "0", "invalid configuration: MAX_EVENTS=\"0\": must be an integer >= 1")]
    [Arguments("MAX_LOG_BYTES", "0", "invalid configuration: MAX_LOG_BYTES=\"0\": must be an integer >= 1")]
    [Arguments("CACHE_MAX_MB", "0", "invalid configuration: CACHE_MAX_MB=\"0\": must be an integer >= 1")]
    [Arguments("CACHE_DISK_MAX_MB", "0", "invalid configuration: CACHE_DISK_MAX_MB=\"0\": must be an integer >= 1")]
    [Arguments("HTTP_MAX_CONCURRENT", "0", "invalid configuration: HTTP_MAX_CONCURRENT=\"0\": must be an integer >= 1")]
    [Arguments("HTTP_TIMEOUT", "0", "invalid configuration: HTTP_TIMEOUT=\"0\": must be an integer >= 1")]
    [Arguments("HTTP_ALLOWED_DOMAINS", "example.com,not a host", "invalid configuration: HTTP_ALLOWED_DOMAINS=\"example.com,not a host\": 'not a host' is not a host name")]
    [Arguments("HTTP_MAX_RESPONSE_BYTES", "0", "invalid configuration: HTTP_MAX_RESPONSE_BYTES=\"0\": must be an integer >= 1")]
    [Arguments("HTTP_ALLOW_PRIVATE", "1", "invalid configuration: HTTP_ALLOW_PRIVATE=\"1\": must be true or false")]
    [Arguments("WS_MAX_MESSAGE_BYTES", "0", "invalid configuration: WS_MAX_MESSAGE_BYTES=\"0\": must be an integer >= 1")]
    [Arguments("WS_MAX_CONNECTIONS", "0", "invalid configuration: WS_MAX_CONNECTIONS=\"0\": must be an integer >= 1")]
    [Arguments("WS_RATE_LIMIT", "0", "invalid configuration: WS_RATE_LIMIT=\"0\": must be an integer >= 1")]
    [Arguments("WS_RATE_BURST", "0", "invalid configuration: WS_RATE_BURST=\"0\": must be an integer >= 1")]
    [Arguments("WS_SEND_QUEUE_BYTES", "0", "invalid configuration: WS_SEND_QUEUE_BYTES=\"0\": must be an integer >= 1")]
    [Arguments("PANEL_STORE", "etcd", "invalid configuration: PANEL_STORE=\"etcd\": must be one of memory, redis")]
    [Arguments("SHUTDOWN_DELAY_MS", "-5", "invalid configuration: SHUTDOWN_DELAY_MS=\"-5\": must be an integer >= 0")]
    [Arguments("SHUTDOWN_TIMEOUT_MS", "soon", "invalid configuration: SHUTDOWN_TIMEOUT_MS=\"soon\": must be an integer >= 0")]
    [Arguments("LOG_LEVEL", "verbose", "invalid configuration: LOG_LEVEL=\"verbose\": must be one of debug, info, warn, error")]
    [Arguments("LOG_FORMAT", "xml", "invalid configuration: LOG_FORMAT=\"xml\": must be one of json, console")]
    public async Task A_bad_value_is_one_line_naming_variable_value_and_rule(string name, string value, string expected)
    {
        await Assert.That(ErrorOf(new() { [name] = value })).IsEqualTo(expected);
    }

    [Test]
    public async Task Cross_variable_rules_name_both_sides()
    {
        await Assert.That(ErrorOf(new() { ["MAX_INSTANCES"] = "2", ["MIN_INSTANCES"] = "3" }))
            .IsEqualTo("invalid configuration: MIN_INSTANCES=\"3\": must be an integer from 0 to 2");
        await Assert.That(ErrorOf(new() { ["TIMEOUT_MS"] = "5000", ["EXECUTION_DEADLINE_MS"] = "1000" }))
            .IsEqualTo("invalid configuration: EXECUTION_DEADLINE_MS=\"1000\": must be >= TIMEOUT_MS (5000)");
        await Assert.That(ErrorOf(new() { ["HTTP_PORT"] = "8080", ["WS_PORT"] = "8080" }))
            .IsEqualTo("invalid configuration: WS_PORT=\"8080\": must differ from HTTP_PORT (unless 0)");
        await Assert.That(ErrorOf(new() { ["PANEL_STORE"] = "redis" }))
            .IsEqualTo("invalid configuration: REDIS_URL=(secret, not shown): is required when PANEL_STORE=redis");
        await Assert.That(ErrorOf(new() { ["PANEL_STORE"] = "redis", ["REDIS_URL"] = "http://:hunter2@cache:6379" }))
            .IsEqualTo("invalid configuration: REDIS_URL=(secret, not shown): must look like redis://[:password@]host:port[/db] or host:port[,option=value]");
    }

    [Test]
    public async Task Zero_ports_may_repeat()
    {
        var o = Load(new() { ["HTTP_PORT"] = "0", ["WS_PORT"] = "0", ["METRICS_PORT"] = "0" });
        await Assert.That(o.Listeners.HttpPort + o.Listeners.WsPort + o.Listeners.MetricsPort).IsEqualTo(0);
    }

    [Test]
    public async Task A_short_secret_is_refused_without_echoing_it()
    {
        const string Short = "tiny-secret-value";
        var message = ErrorOf(new() { ["JWT_SECRET"] = Short });
        await Assert.That(message).IsEqualTo("invalid configuration: JWT_SECRET=(secret, not shown): must be at least 32 bytes");
        await Assert.That(message).DoesNotContain(Short);
    }

    [Test]
    public async Task A_missing_secret_stops_startup_unless_dev_mode_or_auth_off()
    {
        var values = new Dictionary<string, string?> { ["JWT_SECRET"] = null };
        await Assert.That(ErrorOf(values)).IsEqualTo("invalid configuration: JWT_SECRET is not set: required when AUTH_ENABLED=true (or run with --dev)");
        await Assert.That(Load(new() { ["JWT_SECRET"] = null }, devMode: true).Auth.JwtSecret.Length).IsEqualTo(32);
        await Assert.That(Load(new() { ["JWT_SECRET"] = null, ["AUTH_ENABLED"] = "false" }).Auth.AuthEnabled).IsFalse();
    }

    [Test]
    [Arguments("512", 512L)]
    [Arguments("512b", 512L)]
    [Arguments("64kb", 65536L)]
    [Arguments("2MB", 2097152L)]
    [Arguments("1gb", 1073741824L)]
    public async Task Body_limit_takes_units_in_powers_of_1024(string text, long bytes)
    {
        await Assert.That(Load(new() { ["BODY_LIMIT"] = text }).Listeners.BodyLimitBytes).IsEqualTo(bytes);
    }

    [Test]
    public async Task Lists_and_networks_parse()
    {
        var o = Load(new()
        {
            ["TRUSTED_PROXIES"] = "10.0.0.0/8, 192.168.1.7 ,::1",
            ["HTTP_ALLOWED_DOMAINS"] = "API.example.com,example.org",
            ["CORS_ORIGINS"] = "https://app.example.com,http://localhost:5173",
        });
        await Assert.That(o.Pipeline.TrustedProxies.Count).IsEqualTo(3);
        await Assert.That(o.Pipeline.TrustedProxies[1].Contains(System.Net.IPAddress.Parse("192.168.1.7"))).IsTrue();
        await Assert.That(o.HttpExtension.HttpAllowedDomains).IsEquivalentTo(["api.example.com", "example.org"]);
        await Assert.That(o.Pipeline.CorsOrigins.Count).IsEqualTo(2);
    }

    [Test]
    public async Task Every_variable_read_is_in_the_published_list()
    {
        // A variable set to a wrong value must be reported; if the loader ignored it, Load would succeed.
        var notRead = new List<string>();
        foreach (var name in EnvironmentVariables.All.Except(["JWT_SECRET", "REDIS_URL", "CACHE_DIR", "JWT_ISSUER", "JWT_AUDIENCE", "REDIS_PASSWORD", "MEMORY_CGROUP_DIR", "REDIS_TLS_CA_FILE"]))
        {
            try
            {
                Load(new() { [name] = "!!bad!!" });
                notRead.Add(name);
            }
            catch (ConfigurationException)
            {
            }
        }
        await Assert.That(notRead).IsEmpty();
    }
}
