using System.Net;
using System.Net.Http.Headers;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Build;

/// <summary>The published Native AOT binary, run as a process: what ships is what is tested.</summary>
[NotInParallel("aot-binary")]
public class AotBinaryTests
{
    private const int SigTerm = 15;

    internal static Dictionary<string, string> BaseEnvironment(string cacheDir) => new()
    {
        ["HTTP_PORT"] = "0",
        ["WS_PORT"] = "0",
        ["METRICS_PORT"] = "0",
        ["HOST"] = "127.0.0.1",
        ["JWT_SECRET"] = TestKernel.Secret,
        ["CACHE_DIR"] = cacheDir,
        ["MIN_INSTANCES"] = "1",
    };

    private static string TempDir() => Directory.CreateTempSubdirectory("nexus-aot-").FullName;

    [Test]
    public async Task The_binary_starts_answers_and_exits_0_on_sigterm()
    {
        var binary = await AotPublish.EnsureAsync();
        await using var kernel = KernelProcess.Start(binary, BaseEnvironment(TempDir()));
        await kernel.WaitListeningAsync();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.HttpPort}") };
        var firstOk = await PollHealthAsync(client);
        var spawnToFirst200 = kernel.SinceSpawn.Elapsed;
        var rss = kernel.ResidentBytes();
        var ready = await PollReadyAsync(client, TimeSpan.FromSeconds(60));
        await Assert.That(firstOk).IsTrue();
        await Assert.That(ready).IsEqualTo(HttpStatusCode.OK);

        var size = new FileInfo(binary).Length;
        var wasmtime = new FileInfo(Path.Combine(AotPublish.OutputDir, "libwasmtime.so")).Length;
        Console.WriteLine($"AOT binary {size / 1e6:F1} MB + libwasmtime.so {wasmtime / 1e6:F1} MB; spawn to first 200 {spawnToFirst200.TotalMilliseconds:F0} ms; RSS after first 200 {rss / 1e6:F1} MB");

        kernel.Signal(SigTerm);
        var exitCode = await kernel.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await Assert.That(exitCode).IsEqualTo(0);
        await Assert.That(string.Join('\n', kernel.Lines)).Contains("Shutdown on SIGTERM");
    }

    [Test]
    public async Task On_sigterm_readiness_is_503_during_the_delay_while_health_still_answers_then_exit_0()
    {
        var binary = await AotPublish.EnsureAsync();
        var env = BaseEnvironment(TempDir());
        env["SHUTDOWN_DELAY_MS"] = "3000";
        await using var kernel = KernelProcess.Start(binary, env);
        await kernel.WaitListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.HttpPort}") };
        await Assert.That(await PollHealthAsync(client)).IsTrue();

        kernel.Signal(SigTerm);
        await kernel.WaitForLineAsync(l => l.Contains("Shutdown on SIGTERM", StringComparison.Ordinal));
        using var ready = await client.GetAsync("/health/ready");
        using var health = await client.GetAsync("/health");
        await Assert.That(ready.StatusCode).IsEqualTo(HttpStatusCode.ServiceUnavailable);
        await Assert.That(health.StatusCode).IsEqualTo(HttpStatusCode.OK);
        await Assert.That(await kernel.WaitForExitAsync(TimeSpan.FromSeconds(60))).IsEqualTo(0);
    }

    [Test]
    public async Task A_bad_setting_stops_startup_with_one_line_and_exit_2()
    {
        var binary = await AotPublish.EnsureAsync();
        var env = BaseEnvironment(TempDir());
        env["MEMORY_LIMIT_MB"] = "2";
        await using var kernel = KernelProcess.Start(binary, env);
        var exitCode = await kernel.WaitForExitAsync(TimeSpan.FromSeconds(30));

        await Assert.That(exitCode).IsEqualTo(2);
        await Assert.That(kernel.Lines).IsEquivalentTo(["invalid configuration: MEMORY_LIMIT_MB=\"2\": must be an integer >= 4"]);
    }

    [Test]
    public async Task A_missing_secret_stops_startup_without_dev_mode()
    {
        var binary = await AotPublish.EnsureAsync();
        var env = BaseEnvironment(TempDir());
        env.Remove("JWT_SECRET");
        await using var kernel = KernelProcess.Start(binary, env);
        await Assert.That(await kernel.WaitForExitAsync(TimeSpan.FromSeconds(30))).IsEqualTo(2);
        await Assert.That(string.Join('\n', kernel.Lines)).Contains("JWT_SECRET is not set");
    }

    [Test]
    public async Task The_token_subcommand_signs_a_token_the_server_accepts_and_healthcheck_reports_up_and_down()
    {
        var binary = await AotPublish.EnsureAsync();
        var env = BaseEnvironment(TempDir());
        var token = (await ProcessRunner.RunAsync(binary, ["token", "--sub", "cli-user", "--scope", "panels:read panels:write", "--ttl", "10m"],
            RepoPaths.Root, TimeSpan.FromSeconds(30), env)).Output.Trim();
        var tooLong = await ProcessRunner.RunAsync(binary, ["token", "--sub", "x", "--scope", "panels:read", "--ttl", "30d"], RepoPaths.Root, TimeSpan.FromSeconds(30), env);
        await Assert.That(tooLong.ExitCode).IsEqualTo(2);
        await Assert.That(tooLong.Output).Contains("JWT_MAX_TTL_S");

        await using var kernel = KernelProcess.Start(binary, env);
        await kernel.WaitListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.HttpPort}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await client.PostAsync("/panels", HttpAssertions.JsonContent("""{"id":"cli","kind":"k","tools":[]}"""));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);

        var up = await ProcessRunner.RunAsync(binary, ["healthcheck"], RepoPaths.Root, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["HTTP_PORT"] = kernel.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        kernel.Signal(SigTerm);
        await kernel.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var down = await ProcessRunner.RunAsync(binary, ["healthcheck"], RepoPaths.Root, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["HTTP_PORT"] = kernel.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Assert.That(up.ExitCode).IsEqualTo(0);
        await Assert.That(down.ExitCode).IsEqualTo(1);
    }

    [Test]
    public async Task Dev_mode_prints_a_working_token_and_serves_the_demo_panel()
    {
        var binary = await AotPublish.EnsureAsync();
        var env = BaseEnvironment(TempDir());
        env.Remove("JWT_SECRET");
        await using var kernel = KernelProcess.Start(binary, env, "--dev");
        var exportLine = await kernel.WaitForLineAsync(l => l.StartsWith("export NEXUS_TOKEN=", StringComparison.Ordinal));
        var tryLine = await kernel.WaitForLineAsync(l => l.StartsWith("Try: ", StringComparison.Ordinal));
        var token = exportLine["export NEXUS_TOKEN=".Length..];
        var port = System.Text.RegularExpressions.Regex.Match(tryLine, @"http://127\.0\.0\.1:(\d+)/").Groups[1].Value;

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var demo = await (await client.GetAsync("/panels/demo")).JsonAsync();
        await Assert.That(demo.GetProperty("tools")[0].GetString()).IsEqualTo("increment");
        await Assert.That(string.Join('\n', kernel.Lines)).Contains("INSECURE");

        // The console is on by default in dev mode, served from the binary's embedded files; the token rides in
        // the URL's fragment, which a browser never sends.
        var consoleLine = kernel.Lines.Single(l => l.TrimStart().StartsWith("Console ", StringComparison.Ordinal));
        await Assert.That(consoleLine).EndsWith($"/console#token={token}");
        using var page = await client.GetAsync("/console");
        await Assert.That(page.StatusCode).IsEqualTo(HttpStatusCode.OK);
        await Assert.That(page.Headers.GetValues("Content-Security-Policy").Single()).Contains("script-src 'self'");
        await Assert.That(await page.Content.ReadAsStringAsync()).Contains("<script type=\"module\" src=\"/console/app.js\">");
    }

    /// <summary>Ready needs QuickJS compiled (seconds on a slow CPU): a bounded poll, one-sided and generous.</summary>
    internal static async Task<HttpStatusCode> PollReadyAsync(HttpClient client, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline) return response.StatusCode;
            await Task.Delay(20);
        }
    }

    private static async Task<bool> PollHealthAsync(HttpClient client)
    {
        // Bounded poll: the listening line can precede the first accepted request by a hair.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return true;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Yield();
        }
        return false;
    }
}
