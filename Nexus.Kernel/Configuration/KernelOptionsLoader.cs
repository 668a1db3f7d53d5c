using System.Text;

namespace Nexus.Kernel.Configuration;

/// <summary>
/// Reads every variable (README "Configuration") once, at start-up, and checks its rule. The first bad value throws a
/// <see cref="ConfigurationException"/> whose message is the one line the process prints before exiting. Names,
/// defaults and rules are the table's (<see cref="Settings"/>); what is here are the rules between settings.
/// </summary>
internal static class KernelOptionsLoader
{
    /// <summary>The process environment, through the environment-variable configuration provider.</summary>
    public static KernelOptions FromEnvironment(bool devMode = false) =>
        Load(new ConfigurationBuilder().AddEnvironmentVariables().Build(), devMode);

    public static KernelOptions Load(IConfiguration configuration, bool devMode = false)
    {
        var read = new SettingReader(configuration);
        var panels = new PanelOptions
        {
            MaxPanels = read.Int(Settings.MaxPanels),
            MaxPanelsPerSubject = read.Int(Settings.MaxPanelsPerSubject),
            MaxStateBytes = read.Int(Settings.MaxStateBytes),
            PanelQueueLimit = read.Int(Settings.PanelQueueLimit),
            PanelStore = read.Read(Settings.PanelStore),
        };
        var options = new KernelOptions
        {
            Listeners = ReadListeners(read),
            Pipeline = new HttpPipelineOptions
            {
                CorsOrigins = read.Read(Settings.CorsOrigins),
                TrustedProxies = read.Read(Settings.TrustedProxies),
            },
            Auth = ReadAuth(read),
            Panels = panels,
            HttpApi = new HttpApiOptions
            {
                PublicUrl = read.Read(Settings.PublicUrl),
                        MaxTools = read.Int(Settings.MaxTools),
                MaxHandlerBytes = read.Int(Settings.MaxHandlerBytes),
                MaxModuleBytes = read.Int(Settings.MaxModuleBytes),
            },
            Execution = ReadExecution(read),
            ModuleCache = new ModuleCacheOptions
            {
                CacheDir = read.Read(Settings.CacheDir)!,
                CacheMaxMb = read.Int(Settings.CacheMaxMb),
                CacheDiskMaxMb = read.Int(Settings.CacheDiskMaxMb),
            },
            HttpExtension = new HttpExtensionOptions
            {
                HttpMaxConcurrent = read.Int(Settings.HttpMaxConcurrent),
                HttpTimeoutMs = read.Int(Settings.HttpTimeout),
                HttpAllowedDomains = read.Read(Settings.HttpAllowedDomains),
                HttpMaxResponseBytes = read.Read(Settings.HttpMaxResponseBytes),
                HttpAllowPrivate = read.Read(Settings.HttpAllowPrivate),
            },
            WebSockets = new PanelSocketOptions
            {
                WsMaxMessageBytes = read.Int(Settings.WsMaxMessageBytes),
                WsMaxConnections = read.Int(Settings.WsMaxConnections),
                WsRateLimit = read.Int(Settings.WsRateLimit),
                WsRateBurst = read.Int(Settings.WsRateBurst),
                WsSendQueueBytes = read.Int(Settings.WsSendQueueBytes),
                WsPingIntervalMs = read.Int(Settings.WsPingIntervalMs),
                WsPingTimeoutMs = read.Int(Settings.WsPingTimeoutMs),
            },
            Shutdown = new ShutdownOptions
            {
                ShutdownDelayMs = read.Int(Settings.ShutdownDelayMs),
                ShutdownTimeoutMs = read.Int(Settings.ShutdownTimeoutMs),
            },
            Logging = new LoggingOptions
            {
                LogLevel = read.Read(Settings.LogLevel),
                LogFormat = read.Read(Settings.LogFormat),
            },
            // --dev turns the console on unless CONSOLE_ENABLED says otherwise.
            Console = new ConsoleOptions
            {
                ConsoleEnabled = read.IsSet(Settings.ConsoleEnabled)
                    ? read.Read(Settings.ConsoleEnabled)
                    : devMode || Settings.ConsoleEnabled.Fallback,
            },
            DevMode = devMode,
        };
        // Last, in the order start-up has always reported them when several are wrong.
        options = options with
        {
            Redis = ReadRedis(read, panels.PanelStore),
            MemoryCgroupDir = read.Read(Settings.MemoryCgroupDir)!,
            Auth = options.Auth with { JwtSecret = ReadSecret(read, options.Auth.AuthEnabled, devMode) },
        };
        CheckDistinctPorts(options.Listeners);
        return options;
    }

    private static ListenerOptions ReadListeners(SettingReader read) => new()
    {
        HttpPort = read.Int(Settings.HttpPort),
        WsPort = read.Int(Settings.WsPort),
        MetricsPort = read.Int(Settings.MetricsPort),
        Host = read.Read(Settings.Host),
        BodyLimitBytes = read.Read(Settings.BodyLimit),
    };

    private static AuthOptions ReadAuth(SettingReader read) => new()
    {
        AuthEnabled = read.Read(Settings.AuthEnabled),
        JwtIssuer = read.Read(Settings.JwtIssuer),
        JwtAudience = read.Read(Settings.JwtAudience),
        JwtMaxTtl = TimeSpan.FromSeconds(read.Int(Settings.JwtMaxTtl)),
    };

    private static ExecutionOptions ReadExecution(SettingReader read)
    {
        var maxInstances = read.Int(Settings.MaxInstances);
        var timeoutMs = read.Int(Settings.TimeoutMs);
        return new ExecutionOptions
        {
            MaxInstances = maxInstances,
            MinInstances = read.Int(Settings.MinInstances, max: maxInstances),
            MaxSuspended = read.Int(Settings.MaxSuspended),
            MemoryLimitMb = read.Int(Settings.MemoryLimitMb),
            TimeoutMs = timeoutMs,
            ExecutionDeadlineMs = ReadDeadline(read, timeoutMs),
            MaxHostCalls = read.Int(Settings.MaxHostCalls),
            MaxStateMutations = read.Int(Settings.MaxStateMutations),
            MaxEvents = read.Int(Settings.MaxEvents),
            MaxLogBytes = read.Int(Settings.MaxLogBytes),
        };
    }

    /// <summary>The wall deadline covers the CPU budget: unset, it is the table's default or TIMEOUT_MS if larger.</summary>
    private static int ReadDeadline(SettingReader read, int timeoutMs)
    {
        var setting = Settings.ExecutionDeadlineMs;
        var deadline = read.IsSet(setting) ? read.Int(setting) : Math.Max(setting.DefaultNumber, timeoutMs);
        if (deadline < timeoutMs)
        {
            throw ConfigurationException.Invalid(setting.Name, deadline.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"must be >= TIMEOUT_MS ({timeoutMs})");
        }
        return deadline;
    }

    private static RedisConnectionOptions ReadRedis(SettingReader read, PanelStoreKind store)
    {
        var url = read.Read(Settings.RedisUrl);
        if (store == PanelStoreKind.Redis && url is null)
        {
            throw ConfigurationException.Invalid(Settings.RedisUrl.Name, null, "is required when PANEL_STORE=redis", secret: true);
        }
        return new RedisConnectionOptions
        {
            RedisUrl = url,
            RedisPassword = ReadRedisPassword(read, url),
            RedisTlsCaFile = read.Read(Settings.RedisTlsCaFile),
        };
    }

    private static string? ReadRedisPassword(SettingReader read, string? url)
    {
        var password = SecretSources.Read(read, Settings.RedisPassword.Name);
        if (password is not null && url is not null && RedisUrlCarriesPassword(url))
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
        var secret = SecretSources.Read(read, Settings.JwtSecret.Name);
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

    private static void CheckDistinctPorts(ListenerOptions o)
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
