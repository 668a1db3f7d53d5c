using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Nexus.LoadBench.Processes;

/// <summary>
/// Every process the bench starts (servers, wrk, nested dotnet runs), so each is killed at the end: on success,
/// on failure, on Ctrl-C, SIGTERM or SIGHUP. With <c>NEXUS_BENCH_PIDFILE</c> set, each is also recorded as
/// "pid starttime" so bench/run.sh can kill, by id, what a driver killed with SIGKILL left behind.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private static readonly List<PosixSignalRegistration> Signals = [];
    private static readonly Lock FileLock = new();
    private static readonly string? PidFile = Environment.GetEnvironmentVariable("NEXUS_BENCH_PIDFILE") is { Length: > 0 } path ? path : null;

    public static void InstallHandlers()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => KillAll();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            Signals.Add(PosixSignalRegistration.Create(signal, _ => KillAll()));
        }
    }

    public static Process Start(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        Live[process.Id] = process;
        Record(process.Id);
        return process;
    }

    /// <summary>Kills the process and its descendants and waits (bounded) for it to be gone.</summary>
    public static async Task StopAsync(Process process)
    {
        var id = process.Id;
        Kill(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"proof: process {id} did not exit within 10 s of SIGKILL");
        }
        Live.TryRemove(id, out _);
        process.Dispose();
    }

    public static void KillAll()
    {
        foreach (var process in Live.Values) Kill(process);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    private static void Record(int pid)
    {
        if (PidFile is null) return;
        try
        {
            // Field 22 of /proc/PID/stat (start time in clock ticks), counted after the parenthesised command name.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            lock (FileLock) File.AppendAllText(PidFile, string.Create(CultureInfo.InvariantCulture, $"{pid} {fields[19]}\n"));
        }
        catch (IOException)
        {
            // exited already: nothing to record
        }
    }
}
