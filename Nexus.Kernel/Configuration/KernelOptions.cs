namespace Nexus.Kernel.Configuration;

/// <summary>
/// Every setting (README "Configuration"), parsed and validated once at start-up by <see cref="KernelOptionsLoader"/>,
/// as one small record per component. Each component registers its own record in DI and its classes take only the
/// records they read (docs/architecture.md, "Options").
/// </summary>
internal sealed record KernelOptions
{
    public ListenerOptions Listeners { get; init; } = new();

    public HttpPipelineOptions Pipeline { get; init; } = new();

    public AuthOptions Auth { get; init; } = new();

    public PanelOptions Panels { get; init; } = new();

    public HttpApiOptions HttpApi { get; init; } = new();

    public ExecutionOptions Execution { get; init; } = new();

    public ModuleCacheOptions ModuleCache { get; init; } = new();

    public HttpExtensionOptions HttpExtension { get; init; } = new();

    public PanelSocketOptions WebSockets { get; init; } = new();

    public RedisConnectionOptions Redis { get; init; } = new();

    public ShutdownOptions Shutdown { get; init; } = new();

    public LoggingOptions Logging { get; init; } = new();

    public ConsoleOptions Console { get; init; } = new();

    /// <summary>Where the cgroup filesystem is mounted; its memory limit bounds the configured worst case.</summary>
    public string MemoryCgroupDir { get; init; } = Settings.MemoryCgroupDir.Fallback!;

    /// <summary>Set only by <c>--dev</c>: the secret was generated for this process and a token is printed.</summary>
    public bool DevMode { get; init; }
}

internal enum PanelStoreKind { Memory, Redis }

internal enum KernelLogLevel { Debug, Info, Warn, Error }

internal enum LogFormat { Json, Console }
