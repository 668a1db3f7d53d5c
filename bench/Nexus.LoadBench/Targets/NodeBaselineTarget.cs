using System.Globalization;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Targets;

/// <summary>
/// The external baseline: <c>node bench/baseline/server.mjs</c>, the same routes and wire shapes as the kernel on
/// one port (HTTP and WebSocket), the same HS256 secret. Skipped with a reason until it is installed.
/// </summary>
internal sealed class NodeBaselineTarget(string serverScript) : ITarget
{
    public string Name => "Node baseline";

    public string? SkipReason =>
        !File.Exists(serverScript) ? $"{serverScript} is absent (the baseline has not landed on this branch yet)"
        : !Directory.Exists(Path.Combine(Path.GetDirectoryName(serverScript)!, "node_modules")) ? "its node_modules are missing (bench/run.sh runs npm ci)"
        : FindOnPath("node") is null ? "node is not on PATH"
        : null;

    public ServerProcess Spawn()
    {
        var port = FreePorts.Take(1)[0];
        var environment = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture), ["HOST"] = "127.0.0.1", ["JWT_SECRET"] = KernelUnderTest.Secret,
            ["NODE_ENV"] = "production", ["LOG_LEVEL"] = "warn",
        };
        return ServerProcess.Start(FindOnPath("node")!, [serverScript], environment, httpPort: port, wsPort: port);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
