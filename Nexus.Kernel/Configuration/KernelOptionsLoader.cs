using System.Net;
using System.Text;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// Reads every variable (README "Configuration") once, at start-up, and checks its rule. The first bad value throws a
/// <see cref="ConfigurationException"/> whose message is the one line the process prints before exiting.
/// </summary>
internal static class KernelOptionsLoader
{
    /// <summary>The process environment, through the environment-variable configuration provider.</summary>
    public static KernelOptions FromEnvironment(bool devMode = false) =>
        Load(new ConfigurationBuilder().AddEnvironmentVariables().Build(), devMode);

    public static KernelOptions Load(IConfiguration configuration, bool devMode = false)
    {
        var read = new SettingReader(configuration);
        var options = new KernelOptions
        {
            HttpPort = read.Int(Settings.HttpPort),
            WsPort = read.Int(Settings.WsPort),
            MetricsPort = read.Int(Settings.MetricsPort),
            Host = ReadHost(read),
            PublicUrl = ReadPublicUrl(read),
            TrustedProxies = ReadNetworks(read, "TRUSTED_PROXIES"),
            AuthEnabled = read.Bool("AUTH_ENABLED", true),
            JwtIssuer = read.String("JWT_ISSUER"),
            JwtAudience = read.String("JWT_AUDIENCE"),
            JwtMaxTtl = TimeSpan.FromSeconds(read.Int(Settings.JwtMaxTtl)),
            CorsOrigins = ReadCorsOrigins(read),
            BodyLimitBytes = read.Size("BODY_LIMIT", 1024 * 1024),
            MaxPanels = read.Int(Settings.MaxPanels),
            MaxPanelsPerSubject = read.Int(Settings.MaxPanelsPerSubject),
            MaxTools = read.Int(Settings.MaxTools),
            MaxHandlerBytes = read.Int(Settings.MaxHandlerBytes),
            MaxModuleBytes = read.Int(Settings.MaxModuleBytes),
            MaxStateBytes = read.Int(Settings.MaxStateBytes),
            MaxInstances = read.Int("MAX_INSTANCES", 2 * Environment.ProcessorCount, 1),
            MaxSuspended = read.Int(Settings.MaxSuspended),
            PanelQueueLimit = read.Int(Settings.PanelQueueLimit),
            MemoryLimitMb = read.Int(Settings.MemoryLimitMb),
            TimeoutMs = read.Int(Settings.TimeoutMs),
            MaxHostCalls = read.Int(Settings.MaxHostCalls),
            MaxStateMutations = read.Int(Settings.MaxStateMutations),
            MaxEvents = read.Int(Settings.MaxEvents),
            MaxLogBytes = read.Int(Settings.MaxLogBytes),
            CacheDir = read.String("CACHE_DIR") ?? "/tmp/nexus-cache",
            CacheMaxMb = read.Int(Settings.CacheMaxMb),
            CacheDiskMaxMb = read.Int(Settings.CacheDiskMaxMb),
            HttpMaxConcurrent = read.Int(Settings.HttpMaxConcurrent),
            HttpTimeoutMs = read.Int(Settings.HttpTimeout),
            HttpAllowedDomains = ReadDomains(read),
            HttpMaxResponseBytes = read.Long("HTTP_MAX_RESPONSE_BYTES", 1048576, 1),
            HttpAllowPrivate = read.Bool("HTTP_ALLOW_PRIVATE", false),
            WsMaxMessageBytes = read.Int(Settings.WsMaxMessageBytes),
            WsMaxConnections = read.Int(Settings.WsMaxConnections),
            WsRateLimit = read.Int(Settings.WsRateLimit),
            WsRateBurst = read.Int(Settings.WsRateBurst),
            WsSendQueueBytes = read.Int(Settings.WsSendQueueBytes),
            WsPingIntervalMs = read.Int(Settings.WsPingIntervalMs),
            WsPingTimeoutMs = read.Int(Settings.WsPingTimeoutMs),
            PanelStore = read.Choice("PANEL_STORE", PanelStoreKind.Memory, ("memory", PanelStoreKind.Memory), ("redis", PanelStoreKind.Redis)),
            ShutdownDelayMs = read.Int(Settings.ShutdownDelayMs),
            ShutdownTimeoutMs = read.Int(Settings.ShutdownTimeoutMs),
            LogLevel = read.Choice("LOG_LEVEL", KernelLogLevel.Info,
                ("debug", KernelLogLevel.Debug), ("info", KernelLogLevel.Info), ("warn", KernelLogLevel.Warn), ("error", KernelLogLevel.Error)),
            LogFormat = read.Choice("LOG_FORMAT", LogFormat.Json, ("json", LogFormat.Json), ("console", LogFormat.Console)),
            DevMode = devMode,
            ConsoleEnabled = read.Bool("CONSOLE_ENABLED", devMode),
        };

        options = options with
        {
            MinInstances = read.Int("MIN_INSTANCES", Math.Min(2, options.MaxInstances), 0, options.MaxInstances),
            ExecutionDeadlineMs = ReadDeadline(read, options.TimeoutMs),
            RedisUrl = ReadRedisUrl(read, options.PanelStore),
            RedisPassword = ReadRedisPassword(read),
            RedisTlsCaFile = read.String("REDIS_TLS_CA_FILE"),
            MemoryCgroupDir = read.String("MEMORY_CGROUP_DIR") ?? "/sys/fs/cgroup",
            JwtSecret = ReadSecret(read, options.AuthEnabled, devMode),
        };
        CheckDistinctPorts(options);
        return options;
    }

    private static IPAddress ReadHost(SettingReader read)
    {
        var raw = read.String("HOST");
        if (raw is null) return IPAddress.Any;
        return IPAddress.TryParse(raw, out var address) ? address : throw ConfigurationException.Invalid("HOST", raw, "must be an IP address");
    }

    private static Uri? ReadPublicUrl(SettingReader read)
    {
        var raw = read.String("PUBLIC_URL");
        if (raw is null) return null;
        if (Uri.TryCreate(raw, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        throw ConfigurationException.Invalid("PUBLIC_URL", raw, "must be an absolute http(s) URL");
    }

    private static IReadOnlyList<IPNetwork> ReadNetworks(SettingReader read, string name)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in read.List(name))
        {
            if (IPNetwork.TryParse(item, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(item, out var address)) networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else throw ConfigurationException.Invalid(name, read.String(name), $"'{item}' is not an IP address or CIDR");
        }
        return networks;
    }

    private static IReadOnlyList<string> ReadCorsOrigins(SettingReader read)
    {
        var origins = read.List("CORS_ORIGINS");
        foreach (var origin in origins)
        {
            var valid = origin == "*" || (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/");
            if (!valid) throw ConfigurationException.Invalid("CORS_ORIGINS", read.String("CORS_ORIGINS"), $"'{origin}' is not * or an http(s) origin");
        }
        return origins;
    }

    private static IReadOnlyList<string> ReadDomains(SettingReader read)
    {
        var domains = read.List("HTTP_ALLOWED_DOMAINS");
        foreach (var domain in domains)
        {
            if (Uri.CheckHostName(domain) != UriHostNameType.Dns)
            {
                throw ConfigurationException.Invalid("HTTP_ALLOWED_DOMAINS", read.String("HTTP_ALLOWED_DOMAINS"), $"'{domain}' is not a host name");
            }
        }
        return domains.Select(d => d.ToLowerInvariant()).ToArray();
    }

    private static int ReadDeadline(SettingReader read, int timeoutMs)
    {
        var deadline = read.Int("EXECUTION_DEADLINE_MS", Math.Max(60000, timeoutMs), 100);
        if (deadline < timeoutMs)
        {
            throw ConfigurationException.Invalid("EXECUTION_DEADLINE_MS", deadline.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"must be >= TIMEOUT_MS ({timeoutMs})");
        }
        return deadline;
    }

    private static string? ReadRedisUrl(SettingReader read, PanelStoreKind store)
    {
        var url = read.String("REDIS_URL");
        if (store == PanelStoreKind.Redis && url is null)
        {
            throw ConfigurationException.Invalid("REDIS_URL", null, "is required when PANEL_STORE=redis", secret: true);
        }
        // The URL form is checked here so a typo stops start-up with one line; the host:port,option=value form is
        // StackExchange.Redis's own and is parsed when the store connects.
        if (url is not null && url.Contains("://", StringComparison.Ordinal)
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "redis" or "rediss" && uri.Host.Length > 0))
        {
            throw ConfigurationException.Invalid("REDIS_URL", url, "must look like redis://[:password@]host:port[/db] or host:port[,option=value]", secret: true);
        }
        return url;
    }

    private static string? ReadRedisPassword(SettingReader read)
    {
        var password = SecretSources.Read(read, "REDIS_PASSWORD");
        if (password is not null && read.String("REDIS_URL") is { } url && RedisUrlCarriesPassword(url))
        {
            throw new ConfigurationException("invalid configuration: REDIS_URL carries a password and REDIS_PASSWORD(_FILE) is set: give it once");
        }
        return password;
    }

    private static bool RedisUrlCarriesPassword(string url) => url.Contains("://", StringComparison.Ordinal)
        ? Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
        : url.Split(',').Any(part => part.Trim().StartsWith("password=", StringComparison.OrdinalIgnoreCase));

    private static byte[] ReadSecret(SettingReader read, bool authEnabled, bool devMode)
    {
        var secret = SecretSources.Read(read, "JWT_SECRET");
        if (secret is null)
        {
            if (devMode) return System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            if (authEnabled) throw new ConfigurationException("invalid configuration: JWT_SECRET is not set: required when AUTH_ENABLED=true (or run with --dev)");
            return [];
        }
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < 32) throw ConfigurationException.Invalid("JWT_SECRET", secret, "must be at least 32 bytes", secret: true);
        return bytes;
    }

    private static void CheckDistinctPorts(KernelOptions o)
    {
        (string Name, int Port)[] ports = [("HTTP_PORT", o.HttpPort), ("WS_PORT", o.WsPort), ("METRICS_PORT", o.MetricsPort)];
        for (var i = 0; i < ports.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (ports[i].Port != 0 && ports[i].Port == ports[j].Port)
                {
                    throw ConfigurationException.Invalid(ports[i].Name, ports[i].Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"must differ from {ports[j].Name} (unless 0)");
                }
            }
        }
    }
}
