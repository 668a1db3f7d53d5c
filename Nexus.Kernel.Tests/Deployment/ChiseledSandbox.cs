using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// The published AOT kernel running under tools/chiseled/run.sh: the chiseled image's file system and user, the
/// Deployment's read-only root and emptyDirs, no capabilities, fresh namespaces except a loopback-only network.
/// Tests that need the real image contract (handlers over HTTP and WebSocket, shutdown) start one of these.
/// </summary>
internal sealed class ChiseledSandbox : IAsyncDisposable
{
    private readonly Process _runner;
    private readonly StringBuilder _output = new();
    private readonly string _envFile;

    private ChiseledSandbox(Process runner, string envFile, int httpPort, int wsPort, int metricsPort,
        IReadOnlyDictionary<string, string> environment)
    {
        _runner = runner;
        _envFile = envFile;
        HttpPort = httpPort;
        WsPort = wsPort;
        MetricsPort = metricsPort;
        Environment = environment;
    }

    public int HttpPort { get; }

    public int WsPort { get; }

    public int MetricsPort { get; }

    public Uri HttpBase => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>Exactly the variables the sandboxed process got.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Everything the runner and the kernel printed so far (stdout and stderr).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _runner.HasExited;

    /// <summary>
    /// Starts the kernel with the dev overlay's ConfigMap (what `kubectl apply -k manifests/overlays/dev` gives the
    /// pod), a fresh JWT_SECRET, free loopback ports, and <paramref name="overrides"/> on top.
    /// </summary>
    public static async Task<ChiseledSandbox> StartAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var publishDir = Path.GetDirectoryName(await AotPublish.EnsureAsync())!;
        var dev = await RenderedManifests.ForAsync("dev");
        var (httpPort, wsPort, metricsPort) = (FreeLoopbackPort(), FreeLoopbackPort(), FreeLoopbackPort());

        var environment = new Dictionary<string, string>(dev.Config)
        {
            ["JWT_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["HOST"] = "127.0.0.1", // loopback only on a shared machine; the pod listens on 0.0.0.0
            ["HTTP_PORT"] = httpPort.ToString(),
            ["WS_PORT"] = wsPort.ToString(),
            ["METRICS_PORT"] = metricsPort.ToString(),
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) environment[key] = value;

        var envFile = Path.Combine(Path.GetTempPath(), $"nexus-sandbox-{Guid.NewGuid():N}.env");
        await File.WriteAllLinesAsync(envFile, environment.Select(kv => $"{kv.Key}={kv.Value}"));

        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { Path.Combine(RepoPaths.Tools, "chiseled", "run.sh"), publishDir, envFile }) psi.ArgumentList.Add(arg);
        var runner = Process.Start(psi) ?? throw new InvalidOperationException("could not start tools/chiseled/run.sh");
        var sandbox = new ChiseledSandbox(runner, envFile, httpPort, wsPort, metricsPort, environment);
        sandbox.Pump(runner.StandardOutput);
        sandbox.Pump(runner.StandardError);
        return sandbox;
    }

    /// <summary>Polls GET /health until 200, the process dies, or the deadline passes.</summary>
    public async Task WaitForHealthyAsync(TimeSpan deadline)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (_runner.HasExited)
            {
                throw new InvalidOperationException($"sandboxed kernel exited with {_runner.ExitCode} before /health answered:\n{Output}");
            }
            try
            {
                // Ready, not just alive: as the startup probe would, wait until QuickJS is compiled or loaded.
                using var response = await http.GetAsync(new Uri(HttpBase, "health/ready"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (stopwatch.Elapsed > deadline)
            {
                throw new TimeoutException($"/health/ready did not answer 200 within {deadline}:\n{Output}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The kernel's host PID: the `nexus-kernel` process below the runner (bwrap makes it PID 1 inside).</summary>
    public async Task<int> KernelPidAsync(TimeSpan deadline)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < deadline && !_runner.HasExited)
        {
            var pid = Descendants(_runner.Id).FirstOrDefault(p => ReadProc(p, "comm")?.Trim() == "nexus-kernel");
            if (pid != 0) return pid;
            await Task.Delay(20);
        }
        throw new InvalidOperationException($"no nexus-kernel process below the runner:\n{Output}");
    }

    /// <summary>Sends SIGTERM to the kernel, as the kubelet does to the container's PID 1 after preStop.</summary>
    public async Task SignalTerminateAsync()
    {
        var pid = await KernelPidAsync(TimeSpan.FromSeconds(5));
        var kill = await ProcessRunner.RunAsync("kill", ["-TERM", pid.ToString()], RepoPaths.Root, TimeSpan.FromSeconds(5));
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM {pid} failed: {kill.Output}");
    }

    /// <summary>Waits for the sandbox to end and returns its exit code (bwrap passes the kernel's through).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _runner.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"kernel did not exit within {timeout}:\n{Output}");
        }
        return _runner.ExitCode;
    }

    public static string? ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_runner.HasExited)
        {
            _runner.Kill(entireProcessTree: true);
            await _runner.WaitForExitAsync();
        }
        _runner.Dispose();
        File.Delete(_envFile);
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        foreach (var child in Children(pid))
        {
            yield return child;
            foreach (var grandChild in Descendants(child)) yield return grandChild;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) return [];
        return Directory.EnumerateDirectories(tasks)
            .SelectMany(task => (ReadProc(pid, $"task/{Path.GetFileName(task)}/children") ?? "")
                .Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).ToList();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Pump(StreamReader reader) => _ = Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output) _output.AppendLine(line);
        }
    });
}
