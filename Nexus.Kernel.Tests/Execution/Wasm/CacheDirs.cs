using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Execution.Orchestration;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>
/// Cache directories for tests. Compiling QuickJS costs seconds, so one seed directory is filled once per run (by
/// a real engine) and copied into each test's own directory; tests that need a cold directory make an empty one.
/// </summary>
internal static class CacheDirs
{
    private static readonly SemaphoreSlim SeedGate = new(1, 1);
    private static string? _seed;

    public static string Empty() => Directory.CreateTempSubdirectory("nexus-cache-test-").FullName;

    /// <summary>A new directory holding a verified QuickJS artifact (a warm start for the engine).</summary>
    public static async Task<string> SeededAsync()
    {
        var seed = await SeedAsync();
        var target = Empty();
        foreach (var file in Directory.EnumerateFiles(seed)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    public static long SizeOf(string directory) => Directory.EnumerateFiles(directory).Sum(static f => new FileInfo(f).Length);

    private static async Task<string> SeedAsync()
    {
        await SeedGate.WaitAsync();
        try
        {
            if (_seed is not null) return _seed;
            var directory = Empty();
            await using (var engine = new ExecutionEngine(EngineHarness.Defaults, NullLogger<ExecutionEngine>.Instance,
                cache: EngineHarness.Cache with { CacheDir = directory }))
            {
                await engine.WhenReady;
            }
            return _seed = directory;
        }
        finally
        {
            SeedGate.Release();
        }
    }
}

/// <summary>A real mount (tests run as root, so chmod would not stop writes): unmounted on dispose.</summary>
internal sealed class TestMount : IDisposable
{
    private readonly string _path;

    private TestMount(string path) => _path = path;

    /// <summary>Binds <paramref name="path"/> onto itself and remounts it read-only.</summary>
    public static TestMount ReadOnly(string path)
    {
        Run("mount", "--bind", path, path);
        var mount = new TestMount(path);
        Run("mount", "-o", "remount,bind,ro", path);
        return mount;
    }

    /// <summary>A tmpfs of <paramref name="bytes"/> bytes on <paramref name="path"/>: writes beyond it fail with ENOSPC.
    /// <paramref name="noExec"/> mounts it <c>noexec</c>, as Docker's <c>--tmpfs</c> does by default.</summary>
    public static TestMount Tmpfs(string path, long bytes, bool noExec = false)
    {
        Run("mount", "-t", "tmpfs", "-o", noExec ? $"size={bytes},noexec" : $"size={bytes}", "tmpfs", path);
        return new TestMount(path);
    }

    public void Dispose() => Run("umount", _path);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {error}");
    }
}
