using System.Globalization;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;
using Nexus.LoadBench.Targets;

namespace Nexus.LoadBench.Scaling;

/// <summary>
/// The servers of the scaling rows: the AOT kernel (as the proof run starts it, with panel and state limits raised
/// so that the curve, not a refusal, is measured) or the Node baseline, optionally pinned to the first N cores with
/// <c>taskset</c> (which execs the server, so the pid and its RSS are the server's). Waits for readiness.
/// </summary>
internal static class ScalingServers
{
    public const int MaxStateBytes = 4 * 1024 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ServerProcess> StartKernelAsync(string binary, int? cores, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Take(3);
        var environment = new Dictionary<string, string>
        {
            ["HTTP_PORT"] = Text(ports[0]), ["WS_PORT"] = Text(ports[1]), ["METRICS_PORT"] = Text(ports[2]),
            ["HOST"] = "127.0.0.1", ["JWT_SECRET"] = KernelUnderTest.Secret, ["LOG_LEVEL"] = "warn",
            ["WS_MAX_CONNECTIONS"] = "20000", ["WS_RATE_LIMIT"] = "1000000", ["WS_RATE_BURST"] = "1000000",
            ["PANEL_QUEUE_LIMIT"] = "100000", ["MAX_PANELS"] = "20000", ["MAX_PANELS_PER_SUBJECT"] = "20000",
            ["MAX_STATE_BYTES"] = Text(MaxStateBytes), ["CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "nexus-scaling-cache"),
        };
        return await StartAsync(binary, [], environment, ports[0], ports[1], cores, cancellationToken);
    }

    public static async Task<ServerProcess> StartBaselineAsync(string script, int? cores, CancellationToken cancellationToken)
    {
        var port = FreePorts.Take(1)[0];
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = Text(port), ["HOST"] = "127.0.0.1", ["JWT_SECRET"] = KernelUnderTest.Secret,
            ["NODE_ENV"] = "production", ["LOG_LEVEL"] = "warn",
        };
        return await StartAsync("node", [script], environment, port, port, cores, cancellationToken);
    }

    /// <summary>Why the baseline cannot run here, or null.</summary>
    public static string? BaselineSkipReason(string script) => new NodeBaselineTarget(script).SkipReason;

    private static async Task<ServerProcess> StartAsync(string file, string[] arguments, Dictionary<string, string> environment,
        int httpPort, int wsPort, int? cores, CancellationToken cancellationToken)
    {
        var server = cores is { } count
            ? ServerProcess.Start("taskset", ["-c", count == 1 ? "0" : $"0-{count - 1}", file, .. arguments], environment, httpPort, wsPort)
            : ServerProcess.Start(file, arguments, environment, httpPort, wsPort);
        try
        {
            await ReadinessProbe.WaitAsync(server, ReadyTimeout, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
