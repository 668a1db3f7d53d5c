using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Extensions;
using Nexus.Kernel.Extensions.Http;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Http;
using Nexus.Kernel.Json;
using Nexus.Kernel.Lifecycle;
using Nexus.Kernel.Nxml;
using Nexus.Kernel.OpenApi;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Panels;
using Nexus.Kernel.Panels.Redis;
using Nexus.Kernel.Triggers;
using Nexus.Kernel.WebConsole;
using Nexus.Kernel.WebSockets;
using Nexus.Kernel.WebSockets.Upgrade;

namespace Nexus.Kernel;

/// <summary>What a test (or the dev mode) may swap: where logs go, the clock, extra services.</summary>
internal sealed record KernelOverrides(LogSink? LogSink = null, TimeProvider? Time = null, Action<IServiceCollection>? Services = null);

/// <summary>The composition of the kernel: services, middleware and endpoints. Program.cs and the tests both use it.</summary>
internal static class KernelApplication
{
    public static WebApplication Build(KernelOptions options, KernelOverrides? overrides = null)
    {
        var time = overrides?.Time ?? TimeProvider.System;
        var loggers = KernelLogging.CreateFactory(options.Logging, overrides?.LogSink ?? LogSink.Stdout);
        var counters = new KernelCounters();
        // The engine starts loading QuickJS and making its snapshot now, while the host is built on this thread: that
        // chain, not the host, is what /health/ready waits for (bench/notes/perf-startup.md §3).
        var engine = new ExecutionEngine(options.Execution, new Logger<ExecutionEngine>(loggers), extensions: null, time, counters,
            options.ModuleCache);
        try
        {
            return Compose(options, overrides, time, loggers, counters, engine);
        }
        catch
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            loggers.Dispose();
            throw;
        }
    }

    private static WebApplication Compose(KernelOptions options, KernelOverrides? overrides, TimeProvider time, ILoggerFactory loggers,
        KernelCounters counters, ExecutionEngine engine)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear(); // every setting was read once, into KernelOptions
        builder.Logging.UseFactory(loggers);

        var listeners = new Listeners();
        builder.WebHost.ConfigureKestrel(kestrel => listeners.Configure(kestrel, options.Listeners, webSocketPort: listen => listen.UseDirectWebSocketUpgrade()));
        builder.Services.Configure<HostOptions>(host =>
            host.ShutdownTimeout = TimeSpan.FromMilliseconds(options.Shutdown.ShutdownDelayMs + options.Shutdown.ShutdownTimeoutMs + 5000));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // The same shape as the WebSocket frames, which use the context's own options: absent members are omitted.
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, KernelJsonContext.Default);
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.MaxDepth = ClientJson.EnvelopeDepth; // a 64-level state value sits inside PanelInfo
        });

        builder.Services
            .AddSingleton(time)
            .AddObservability(counters)
            .AddLifecycle(options.Shutdown)
            .AddHosting(listeners, options.Listeners, options.Pipeline)
            .AddAuth(options.Auth)
            .AddExecution(engine)
            .AddHttpExtension(options.HttpExtension)
            .AddPanels(options.Panels)
            .AddRedisPanelStore(options.Panels, options.Redis)
            .AddTriggers(options.Panels)
            .AddHttpApi(options.HttpApi)
            .AddWebSockets(options.WebSockets)
            .AddKernelOpenApi()
            .AddWebConsole(options.Console);
        if (options.DevMode) builder.Services.AddHostedService<DevMode>();
        overrides?.Services?.Invoke(builder.Services);

        var app = builder.Build();
        app.Services.AttachExtensions();
        BridgeEngineGauges(counters, engine);
        var registry = app.Services.GetRequiredService<ConnectionRegistry>();
        app.Services.GetRequiredService<ShutdownCoordinator>().AfterDrain(registry.CloseAllAsync);
        app.UseKernelHttp(options.Pipeline, upgrades: pipeline => pipeline.UsePanelSocketUpgrades(options.WebSockets));
        app.MapHealth();
        app.MapPanels();
        app.MapNxml();
        app.MapKernelOpenApi();
        app.MapPanelSockets();
        app.MapKernelMetrics();
        app.MapWebConsole(options.Console);
        return app;
    }

    /// <summary>The engine keeps its own plain counters; copy the ones /metrics shows when it is scraped.</summary>
    private static void BridgeEngineGauges(KernelCounters counters, ExecutionEngine engine) => counters.Refreshing += () =>
    {
        Volatile.Write(ref counters.InstancesActive, engine.ActiveInstances);
        Volatile.Write(ref counters.InstancesAvailable, engine.AvailableInstances);
        Volatile.Write(ref counters.ExecutionsSuspended, engine.SuspendedExecutions);
        foreach (var (function, count) in engine.Stats.HostCallsByFunction) counters.HostCalls.Set(function, count);
    };
}
