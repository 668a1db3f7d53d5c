using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nexus.LoadBench;

/// <summary>The published binary started on loopback with free ports, and a token signed with its secret.</summary>
internal sealed class KernelUnderTest : IAsyncDisposable
{
    internal const string Secret = "load-bench-secret-that-is-at-least-32-bytes";
    private readonly Process _process;

    private KernelUnderTest(Process process, int http, int ws)
    {
        _process = process;
        HttpPort = http;
        WsPort = ws;
    }

    public int HttpPort { get; }
    public int WsPort { get; }
    public int Pid => _process.Id;

    public static async Task<KernelUnderTest> StartAsync(string binary)
    {
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["HTTP_PORT"] = "0", ["WS_PORT"] = "0", ["METRICS_PORT"] = "0", ["HOST"] = "127.0.0.1", ["JWT_SECRET"] = Secret,
            ["WS_MAX_CONNECTIONS"] = "20000", ["WS_RATE_LIMIT"] = "1000000", ["WS_RATE_BURST"] = "1000000",
            ["PANEL_QUEUE_LIMIT"] = "100000", ["MAX_PANELS"] = "1000", ["MAX_PANELS_PER_SUBJECT"] = "1000",
            ["CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "nexus-loadbench-cache"),
        })
        {
            psi.Environment[key] = value;
        }
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        int http = 0, ws = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.Contains("\"eventId\":1001", StringComparison.Ordinal)) continue;
            var entry = JsonDocument.Parse(line).RootElement;
            (http, ws) = (entry.GetProperty("httpPort").GetInt32(), entry.GetProperty("wsPort").GetInt32());
            break;
        }
        _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
        var kernel = new KernelUnderTest(process, http, ws);
        using var client = kernel.Http();
        for (var i = 0; i < 600 && !(await client.GetAsync("/health/ready")).IsSuccessStatusCode; i++) await Task.Delay(100);
        return kernel;
    }

    public static string Token()
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var head = B64(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}"""));
        var body = B64(Encoding.UTF8.GetBytes($$"""{"sub":"bench","scope":"panels:read panels:write panels:execute","exp":{{exp}}}"""));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(head + "." + body));
        return head + "." + body + "." + B64(signature);
    }

    public HttpClient Http()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}") };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token());
        return client;
    }

    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
