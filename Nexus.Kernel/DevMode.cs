using System.Text.Json;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel;

/// <summary>
/// <c>--dev</c> only: once the server listens and the engine is ready, creates the demo panel and prints a token
/// with every scope (signed with the generated secret) and a command to try.
/// </summary>
internal sealed partial class DevMode(
    AuthOptions auth,
    ListenerOptions addresses,
    ConsoleOptions console,
    Listeners listeners,
    PanelService panels,
    ExecutionEngine engine,
    IHostApplicationLifetime lifetime,
    ILogger<DevMode> logger) : BackgroundService
{
    public const string DemoPanelId = "demo";

    private const string DemoHandler = """
        const by = Number($args.by ?? 1);
        $state.count = ($state.count ?? 0) + by;
        $emit.toast(`count is ${$state.count}`);
        return $state.count;
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        while (!engine.IsReady) await Task.Delay(50, stoppingToken);

        var result = await panels.CreateAsync(DemoDraft(), stoppingToken);
        if (result.Status != CreateStatus.Created) Log.DemoFailed(logger, result.Status.ToString(), result.Message ?? "");

        var token = TokenIssuer.Issue(auth, "dev", Scopes.All, TimeSpan.FromHours(24) < auth.JwtMaxTtl ? TimeSpan.FromHours(24) : auth.JwtMaxTtl);
        var host = addresses.Host.Equals(System.Net.IPAddress.Any) || addresses.Host.Equals(System.Net.IPAddress.IPv6Any) ? "127.0.0.1" : addresses.Host.ToString();
        var http = $"http://{host}:{listeners.PortOf(ListenerKind.Http)}";
        Console.Out.Write($$$"""

            Nexus Kernel dev mode. INSECURE: the JWT secret was generated for this run; never use --dev in production.
              HTTP       {{{http}}}   (GET /health, /panels)
              WebSocket  ws://{{{host}}}:{{{listeners.PortOf(ListenerKind.WebSocket)}}}/panels/{{{DemoPanelId}}}/ws?token=...
              Metrics    http://{{{host}}}:{{{listeners.PortOf(ListenerKind.Metrics)}}}/metrics
            {{{ConsoleLine(http, token)}}}
              Token      sub=dev, every scope, expires in 24 h:
            export NEXUS_TOKEN={{{token}}}
            Try: curl -s -X POST -H "Authorization: Bearer $NEXUS_TOKEN" -H 'content-type: application/json' -d '{"args":{"by":2}}' {{{http}}}/panels/{{{DemoPanelId}}}/trigger/increment

            """);
    }

    /// <summary>The token rides in the fragment, which the browser never sends to a server or puts in a Referer.</summary>
    private string ConsoleLine(string http, string token) => console.ConsoleEnabled
        ? $"  Console    {http}{WebConsole.ConsoleEndpoints.Path}#token={token}"
        : "  Console    off (CONSOLE_ENABLED=false)";

    private static PanelDraft DemoDraft()
    {
        var tool = new ToolDefinition("increment", DemoHandler, null, null, TriggerDefinition.Manual, "Adds args.by (default 1) to count", null);
        var definition = new PanelDefinition(DemoPanelId, "counter", "Demo counter", [tool], EmptyJson.Object, null, null, "dev", DateTimeOffset.UtcNow);
        var state = new Dictionary<string, JsonElement> { ["count"] = JsonDocument.Parse("0").RootElement.Clone() };
        return new PanelDraft(definition, state);
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Warning, "The demo panel was not created: {status} {detail}", EventName = "DemoPanelFailed")]
        public static partial void DemoFailed(ILogger logger, string status, string detail);
    }
}
