using System.Diagnostics;
using System.Net;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// The real AOT binary under the chiseled image contract (tools/chiseled/run.sh) with the dev overlay's
/// configuration: it starts as uid 1654 on a read-only root holding only the image's files, answers the probes
/// and the metrics port, runs a handler over HTTP and over a WebSocket, and drains on SIGTERM to exit code 0.
/// </summary>
internal sealed class ChiseledContractTests
{
    private const string ChiseledAppUser = "1654";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Kernel_answers_health_as_the_chiseled_app_user_without_capabilities()
    {
        await using var sandbox = await ChiseledSandbox.StartAsync();
        await sandbox.WaitForHealthyAsync(StartDeadline);
        var pid = await sandbox.KernelPidAsync(TimeSpan.FromSeconds(5));
        var status = ParseStatus(ChiseledSandbox.ReadProc(pid, "status")!);

        // Real, effective, saved and filesystem ids: uid/gid 1654 on the host as well as inside the sandbox.
        await Assert.That(status["Uid"].Split('\t').Distinct().ToList()).IsEquivalentTo([ChiseledAppUser]);
        await Assert.That(status["Gid"].Split('\t').Distinct().ToList()).IsEquivalentTo([ChiseledAppUser]);
        await Assert.That(status["CapEff"]).IsEqualTo("0000000000000000");
        await Assert.That(status["CapBnd"]).IsEqualTo("0000000000000000");
        await Assert.That(status["NoNewPrivs"]).IsEqualTo("1");
        // The kernel is PID 1 of its PID namespace, as with an exec-form ENTRYPOINT.
        await Assert.That(status["NSpid"].Split('\t')[^1]).IsEqualTo("1");
    }

    [Test]
    public async Task A_handler_runs_over_http_and_over_a_websocket()
    {
        await using var sandbox = await ChiseledSandbox.StartAsync();
        await sandbox.WaitForHealthyAsync(StartDeadline);
        var token = Support.Jwt.Hs256(Support.Jwt.Payload(sub: "chiseled", exp: Support.Jwt.Now + 300), sandbox.Environment["JWT_SECRET"]);
        using var http = new HttpClient { BaseAddress = sandbox.HttpBase, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var created = await http.PostAsync("panels", Support.HttpAssertions.JsonContent("""
            {"id":"box","kind":"counter","initialState":{"n":0},"tools":[{"name":"inc","handler":"$state.n = $state.n + 1; return $state.n;"}]}
            """));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);

        var overHttp = await Support.HttpAssertions.JsonAsync(await http.PostAsync("panels/box/trigger/inc", null));
        await Assert.That(overHttp.GetProperty("returnValue").GetInt32()).IsEqualTo(1);

        await using var socket = await Support.WsClient.ConnectAsync(sandbox.WsPort, "box", token);
        var connected = (await socket.ReceiveAsync())!.Value;
        await Assert.That(connected.GetProperty("version").GetInt64()).IsEqualTo(1);
        await socket.SendAsync("""{"type":"TRIGGER","tool":"inc","requestId":"ws"}""");
        var (result, before) = await socket.ReceiveUntilAsync("RESULT");
        await Assert.That(result.GetProperty("result").GetProperty("returnValue").GetInt32()).IsEqualTo(2);
        await Assert.That(before.Single().GetProperty("version").GetInt64()).IsEqualTo(2);
    }

    [Test]
    public async Task Root_is_read_only_holds_no_shell_and_only_emptyDir_paths_are_writable()
    {
        await using var sandbox = await ChiseledSandbox.StartAsync();
        await sandbox.WaitForHealthyAsync(StartDeadline);
        var pid = await sandbox.KernelPidAsync(TimeSpan.FromSeconds(5));
        var mounts = ParseMounts(ChiseledSandbox.ReadProc(pid, "mountinfo")!);
        var root = $"/proc/{pid}/root";
        var cacheDir = sandbox.Environment["CACHE_DIR"];

        await Assert.That(mounts["/"]).Contains("ro");
        await Assert.That(mounts["/tmp"]).Contains("rw");
        await Assert.That(mounts[cacheDir]).Contains("rw");
        // /proc and /dev (device nodes, as a container runtime provides them) aside, only the emptyDirs are writable.
        var writable = mounts.Where(m => m.Value.Contains("rw") && !IsKernelProvided(m.Key))
            .Select(m => m.Key).Order().ToList();
        await Assert.That(writable).IsEquivalentTo(new[] { "/tmp", cacheDir }.Order().ToList());

        var files = FilesBelow(root, "").ToList();
        await Assert.That(files.Where(f => f is "/bin/sh" or "/bin/bash" or "/usr/bin/sh" or "/usr/bin/bash" || f.EndsWith("/sh", StringComparison.Ordinal)).ToList()).IsEmpty();
        // The emptyDirs are the pod's, not the image's: the module cache writes QuickJS's artifact there (which
        // also shows the tmpfs works); everything else must be exactly what the image ships.
        var volumes = files.Where(f => f.StartsWith(cacheDir + "/", StringComparison.Ordinal) || f.StartsWith("/tmp/", StringComparison.Ordinal)).ToList();
        var unexpected = files.Except(volumes).Where(f => !IsImageContent(f)).ToList();
        await Assert.That(volumes.Any(f => f.EndsWith(".cwasm", StringComparison.Ordinal))).IsTrue();
        await Assert.That(unexpected).IsEmpty();
        await Assert.That(files).Contains("/app/nexus-kernel");
        await Assert.That(files).Contains("/app/libwasmtime.so");
        await Assert.That(files).Contains("/usr/lib/x86_64-linux-gnu/libssl.so.3");
    }

    [Test]
    public async Task Probes_and_metrics_answer_on_their_own_ports()
    {
        await using var sandbox = await ChiseledSandbox.StartAsync();
        await sandbox.WaitForHealthyAsync(StartDeadline);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        using var ready = await http.GetAsync(new Uri(sandbox.HttpBase, "health/ready"));
        await Assert.That(ready.StatusCode).IsEqualTo(HttpStatusCode.OK);
        using var metrics = await http.GetAsync(new Uri($"http://127.0.0.1:{sandbox.MetricsPort}/metrics"));
        await Assert.That(metrics.StatusCode).IsEqualTo(HttpStatusCode.OK);
        // The Service's scrape annotations point at the metrics port; the HTTP port (behind the Ingress) has none.
        using var metricsOnHttp = await http.GetAsync(new Uri(sandbox.HttpBase, "metrics"));
        await Assert.That(metricsOnHttp.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Sigterm_to_pid_1_ends_the_kernel_with_exit_code_0_within_the_grace_period()
    {
        await using var sandbox = await ChiseledSandbox.StartAsync();
        await sandbox.WaitForHealthyAsync(StartDeadline);
        // The kubelet's budget after preStop: SHUTDOWN_DELAY_MS + SHUTDOWN_TIMEOUT_MS (the manifests add margin).
        var drainBudget = TimeSpan.FromMilliseconds(
            long.Parse(sandbox.Environment["SHUTDOWN_DELAY_MS"]) + long.Parse(sandbox.Environment["SHUTDOWN_TIMEOUT_MS"]));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await sandbox.SignalTerminateAsync();
        // During SHUTDOWN_DELAY_MS the kernel still listens but readiness says 503 (README "Operations"), so the Service stops
        // routing to it before it refuses work. Wait for the cause (the kernel's own drain line, written after
        // readiness flipped), bounded generously, then ask once.
        var logged = Stopwatch.StartNew();
        while (!sandbox.Output.Contains("Shutdown on SIGTERM", StringComparison.Ordinal) && logged.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }
        using var ready = await http.GetAsync(new Uri(sandbox.HttpBase, "health/ready"));
        var readiness = ready.StatusCode;
        await Assert.That(readiness).IsEqualTo(HttpStatusCode.ServiceUnavailable);
        var exitCode = await sandbox.WaitForExitAsync(drainBudget);

        await Assert.That(exitCode).IsEqualTo(0);
        await Assert.That(async () => await http.GetAsync(new Uri(sandbox.HttpBase, "health"))).Throws<HttpRequestException>();
    }

    /// <summary>The chiseled base and Dockerfile.chiseled put these there; the kubelet adds hosts/resolv.conf.</summary>
    private static bool IsImageContent(string path) =>
        path is "/lib" or "/lib64" // merged-/usr symlinks, as in Ubuntu
            or "/app/nexus-kernel" or "/app/libwasmtime.so" or "/etc/passwd" or "/etc/group" or "/etc/hosts"
            or "/etc/resolv.conf" or "/etc/ssl/certs/ca-certificates.crt"
        || (path.StartsWith("/usr/lib", StringComparison.Ordinal) && path.Contains(".so", StringComparison.Ordinal));

    /// <summary>Every non-directory entry (symlinks included) of the sandbox's root, as the kernel sees it; /proc and /dev are not walked.</summary>
    private static IEnumerable<string> FilesBelow(string root, string relative)
    {
        foreach (var entry in new DirectoryInfo(root + (relative.Length == 0 ? "/" : relative)).EnumerateFileSystemInfos())
        {
            var path = $"{relative}/{entry.Name}";
            if (IsKernelProvided(path)) continue;
            var isRealDirectory = entry is DirectoryInfo && entry.LinkTarget is null;
            if (isRealDirectory)
            {
                foreach (var file in FilesBelow(root, path)) yield return file;
            }
            else
            {
                yield return path; // files and symlinks alike: a /bin/sh symlink counts as a shell
            }
        }
    }

    private static bool IsKernelProvided(string mountPoint) =>
        mountPoint is "/proc" or "/dev" || mountPoint.StartsWith("/proc/", StringComparison.Ordinal)
        || mountPoint.StartsWith("/dev/", StringComparison.Ordinal);

    private static Dictionary<string, string> ParseStatus(string status) =>
        status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1].Trim());

    /// <summary>mount point → its per-mount options (ro/rw), from /proc/PID/mountinfo as the process sees it.</summary>
    private static Dictionary<string, string[]> ParseMounts(string mountinfo) =>
        mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .GroupBy(f => f[4]).ToDictionary(g => g.Key, g => g.Last()[5].Split(','));
}
