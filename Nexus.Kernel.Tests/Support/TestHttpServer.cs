using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nexus.Kernel.Tests.Support;

/// <summary>
/// The tests' own HTTP server on 127.0.0.1 (a port of its own), standing in for the outside world the http
/// extension talks to. It counts what reaches it, so a test can prove a refused call never connected.
/// </summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;
    private int _abandoned;

    private TestHttpServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public int Requests => Volatile.Read(ref _requests);
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    public int InFlight => Volatile.Read(ref _inFlight);
    public int AbandonedCount => Volatile.Read(ref _abandoned);

    /// <summary>Completes when a held request is abandoned by its caller before the gate opened.</summary>
    public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Held requests (<c>/hold</c>) wait on this until the test opens it.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this many <c>/hold</c> requests are inside the server at the same time.</summary>
    public TaskCompletionSource<int> Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int ReachedAt { get; set; } = int.MaxValue;

    public static async Task<TestHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        TestHttpServer? server = null;
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server!._requests);
            await next(context);
        });
        app.MapGet("/json", () => Results.Text("""{"hello":"world","n":42}""", "application/json"));
        app.MapGet("/text", () => Results.Text("plain words"));
        app.MapGet("/missing", () => Results.Text("""{"error":"nope"}""", "application/json", statusCode: 404));
        app.MapPost("/echo", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync(), "application/json"));
        app.MapGet("/big/{bytes:int}", (int bytes) => Results.Text(new string('x', bytes)));
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Ok();
        });
        app.MapGet("/hold", async (HttpContext context) =>
        {
            var now = Interlocked.Increment(ref server!._inFlight);
            InterlockedMax(ref server._maxInFlight, now);
            if (now >= server.ReachedAt) server.Reached.TrySetResult(now);
            try
            {
                await server.Gate.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up on the held request (its connection went away).
                Interlocked.Increment(ref server._abandoned);
                server.Abandoned.TrySetResult();
                return Results.Empty;
            }
            finally
            {
                Interlocked.Decrement(ref server._inFlight);
            }
            return Results.Text("""{"held":true}""", "application/json");
        });
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        server = new TestHttpServer(app, port);
        return server;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Gate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
