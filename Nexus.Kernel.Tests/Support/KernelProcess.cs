using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Nexus.Kernel.Tests.Support;

/// <summary>
/// The published binary as a child process: environment in, every output line captured, the bound ports read
/// from its "listening" log line, and real signals (SIGTERM) out.
/// </summary>
internal sealed partial class KernelProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    private KernelProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public int HttpPort { get; private set; }
    public int WsPort { get; private set; }
    public int MetricsPort { get; private set; }
    public Stopwatch SinceSpawn { get; } = Stopwatch.StartNew();

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public static KernelProcess Start(string binary, IDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(binary)!,
        };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.Environment.Clear();
        psi.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (key, value) in environment) psi.Environment[key] = value;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var kernel = new KernelProcess(process);
        process.OutputDataReceived += (_, e) => kernel.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => kernel.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kernel;
    }

    /// <summary>Waits for the JSON "listening" line (event 1001) and records the ports it names.</summary>
    public async Task WaitListeningAsync(TimeSpan? timeout = null)
    {
        var line = await WaitForLineAsync(l => l.Contains("\"eventId\":1001", StringComparison.Ordinal), timeout);
        var entry = JsonDocument.Parse(line).RootElement;
        HttpPort = entry.GetProperty("httpPort").GetInt32();
        WsPort = entry.GetProperty("wsPort").GetInt32();
        MetricsPort = entry.GetProperty("metricsPort").GetInt32();
    }

    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            var existing = _lines.FirstOrDefault(match);
            if (existing is not null) return Task.FromResult(existing);
            _waiters.Add((match, found));
        }
        return found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(60)).ContinueWith(t =>
            t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException("no such line; output:\n" + string.Join('\n', Lines)),
            TaskScheduler.Default);
    }

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Resident set size in bytes, from /proc.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        List<TaskCompletionSource<string>> hits = [];
        lock (_lines)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    hits.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (var hit in hits) hit.TrySetResult(line);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
