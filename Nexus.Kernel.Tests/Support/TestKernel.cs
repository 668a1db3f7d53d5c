using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution.Orchestration;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Http;
using Nexus.Kernel.Observability;

namespace Nexus.Kernel.Tests.Support;

/// <summary>
/// The real kernel (KernelApplication, Kestrel, the real engine) on 127.0.0.1 with every port 0, its log captured.
/// Settings go through the same loader as the environment, so tests exercise the real configuration path.
/// </summary>
internal sealed class TestKernel : IAsyncDisposable
{
    public const string Secret = "test-secret-that-is-at-least-32-bytes-long!";

    private TestKernel(WebApplication app, KernelOptions options, CapturedLog log)
    {
        App = app;
        Options = options;
        Log = log;
        var listeners = app.Services.GetRequiredService<Listeners>();
        HttpPort = listeners.PortOf(ListenerKind.Http);
        WsPort = listeners.PortOf(ListenerKind.WebSocket);
        MetricsPort = listeners.PortOf(ListenerKind.Metrics);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }
    public KernelOptions Options { get; }
    public CapturedLog Log { get; }
    public int HttpPort { get; }
    public int WsPort { get; }
    public int MetricsPort { get; }
    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<TestKernel> StartAsync(IDictionary<string, string?>? settings = null, KernelOverrides? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["HTTP_PORT"] = "0",
            ["WS_PORT"] = "0",
            ["METRICS_PORT"] = "0",
            ["HOST"] = "127.0.0.1",
            ["JWT_SECRET"] = Secret,
            ["MAX_INSTANCES"] = "2",
            ["MIN_INSTANCES"] = "1",
            ["CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "nexus-tests-cache"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var options = KernelOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

        var log = new CapturedLog();
        var app = KernelApplication.Build(options, (overrides ?? new KernelOverrides()) with { LogSink = log });
        await app.StartAsync();
        // The first kernel of the run compiles QuickJS (seconds); tests start from a ready kernel.
        await app.Services.GetRequiredService<ExecutionEngine>().WhenReady.WaitAsync(TimeSpan.FromMinutes(2));
        return new TestKernel(app, options, log);
    }

    /// <summary>A token signed with the test secret, issued on the kernel's clock (a fake one, when the test gave one).</summary>
    public string Token(string sub = "alice", string scopes = "panels:read panels:write panels:execute", TimeSpan? ttl = null) =>
        TokenIssuer.Issue(Options.Auth, sub, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), ttl ?? TimeSpan.FromMinutes(10),
            App.Services.GetRequiredService<TimeProvider>());

    /// <summary>An HttpClient on the HTTP port that sends <paramref name="token"/> as a bearer token.</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient ClientFor(string sub, string scopes = "panels:read panels:write panels:execute") => Client(Token(sub, scopes));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Every log line the kernel wrote, for assertions on what was (not) logged.</summary>
internal sealed class CapturedLog : LogSink
{
    private readonly List<string> _lines = [];

    public override void WriteLine(string line)
    {
        lock (_lines) _lines.Add(line);
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public string All => string.Join('\n', Lines);
}
