using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>
/// A real redis-server of the tests' own, on loopback and a free port, without persistence; stopped by its PID.
/// Missing redis-server is a failure, not a skip (tools/bootstrap.sh installs it). <see cref="RestartAsync"/>
/// starts a NEW server on the same port (its data is gone, as after a real restart without persistence).
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private readonly string? _dataDir;
    private readonly string? _password;
    private readonly (string Cert, string Key)? _tls;

    private RedisServer(int port, string? dataDir, string? password = null, (string Cert, string Key)? tls = null)
    {
        Port = port;
        _dataDir = dataDir;
        _password = password;
        _tls = tls;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary><paramref name="persistent"/>: an append-only file fsynced on every write, so a restart (even after
    /// SIGKILL) keeps the data, as a production Redis with persistence would.</summary>
    /// <param name="password">When set, the server requires it (<c>--requirepass</c>).</param>
    /// <param name="tls">PEM certificate and key files: the server then listens on <see cref="Port"/> with TLS only.</param>
    public static async Task<RedisServer> StartAsync(bool persistent = false, string? password = null, (string Cert, string Key)? tls = null)
    {
        var server = new RedisServer(FreePort(), persistent ? Directory.CreateTempSubdirectory("nexus-redis-").FullName : null, password, tls);
        await server.LaunchAsync();
        return server;
    }

    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task LaunchAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: run tools/bootstrap.sh (Debian package redis-server)");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] persistence = _dataDir is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDir];
        string[] auth = _password is null ? [] : ["--requirepass", _password];
        // Later directives win: the plain port is closed and the same port number serves TLS.
        string[] tls = _tls is not { } files ? [] :
            ["--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", files.Cert, "--tls-key-file", files.Key, "--tls-auth-clients", "no"];
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no" }.Concat(persistence).Concat(auth).Concat(tls))
        {
            start.ArgumentList.Add(arg);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            lock (_output) _output.AppendLine(e.Data);
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited:\n" + Output));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
