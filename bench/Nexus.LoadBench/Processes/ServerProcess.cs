using System.Diagnostics;
using System.Globalization;

namespace Nexus.LoadBench.Processes;

/// <summary>
/// A server under test started on loopback: its output drained (the last lines kept for error messages), its
/// resident memory readable, killed on dispose. <see cref="SpawnedAt"/> is taken just before the spawn.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptLines = 30;
    private readonly Process _process;
    private readonly Queue<string> _recent = new();

    private ServerProcess(Process process, long spawnedAt, int httpPort, int wsPort)
    {
        _process = process;
        SpawnedAt = spawnedAt;
        HttpPort = httpPort;
        WsPort = wsPort;
    }

    public long SpawnedAt { get; }
    public int HttpPort { get; }
    public int WsPort { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, int httpPort, int wsPort)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = false, UseShellExecute = false,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var spawnedAt = Stopwatch.GetTimestamp();
        var server = new ServerProcess(ChildProcesses.Start(info), spawnedAt, httpPort, wsPort);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>VmRSS from /proc/PID/status, in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Why it is not usable: its exit code and its last output lines.</summary>
    public string Describe()
    {
        var state = _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";
        lock (_recent) return $"pid {Pid} {state}; last output:\n  " + string.Join("\n  ", _recent);
    }

    public ValueTask DisposeAsync() => new(ChildProcesses.StopAsync(_process));

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_recent)
        {
            _recent.Enqueue(line.Length > 300 ? line[..300] + "…" : line);
            while (_recent.Count > KeptLines) _recent.Dequeue();
        }
    }
}
