using System.Globalization;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Targets;

/// <summary>
/// A published kernel (the Native AOT binary, or the JIT build of the same project) started as KernelUnderTest
/// does: loopback, its own free ports, generous connection/rate/queue limits so the bench measures speed rather than
/// refusals, a CACHE_DIR of its own (filled by the first spawn, so later spawns start warm), and LOG_LEVEL=warn so
/// logging is not what is measured. A launcher (a program and its arguments) runs the binary under it, as the
/// layout trace does; the process then measured (RSS, exit) is the launcher's.
/// </summary>
internal sealed class KernelTarget(string name, string binary, string[]? launcher = null) : ITarget
{
    public string Name => name;

    public string? SkipReason => File.Exists(binary) ? null : $"{binary} is missing (bench/run.sh publishes it)";

    public string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "nexus-proof-cache-" + name.Replace(' ', '-'));

    public ServerProcess Spawn()
    {
        var ports = FreePorts.Take(3);
        var environment = new Dictionary<string, string>
        {
            ["HTTP_PORT"] = Text(ports[0]), ["WS_PORT"] = Text(ports[1]), ["METRICS_PORT"] = Text(ports[2]),
            ["HOST"] = "127.0.0.1", ["JWT_SECRET"] = KernelUnderTest.Secret, ["LOG_LEVEL"] = "warn",
            ["WS_MAX_CONNECTIONS"] = "20000", ["WS_RATE_LIMIT"] = "1000000", ["WS_RATE_BURST"] = "1000000",
            ["PANEL_QUEUE_LIMIT"] = "100000", ["MAX_PANELS"] = "1000", ["MAX_PANELS_PER_SUBJECT"] = "1000",
            ["CACHE_DIR"] = CacheDirectory,
        };
        return launcher is [var program, .. var arguments]
            ? ServerProcess.Start(program, [.. arguments, binary], environment, httpPort: ports[0], wsPort: ports[1])
            : ServerProcess.Start(binary, [], environment, httpPort: ports[0], wsPort: ports[1]);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
