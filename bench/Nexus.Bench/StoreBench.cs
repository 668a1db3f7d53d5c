using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nexus.Bench;

/// <summary>
/// Redis store vs memory store, against the published AOT binary on loopback (<c>dotnet run -c Release --
/// --store [seconds]</c>; publish first: <c>dotnet publish Nexus.Kernel -c Release -r linux-x64 -o artifacts/aot</c>).
/// Memory: one process, the socket on it. Redis: two processes on one redis-server, triggers through the first and
/// the socket on the second, so every PATCH crosses Redis. Throughput: 8 concurrent HTTP triggers for the given
/// seconds. Fan-out latency: 300 sequential triggers, time from sending the POST to the PATCH of that version
/// arriving at the socket.
/// </summary>
internal static class StoreBench
{
    private const string Secret = "bench-secret-that-is-at-least-32-bytes-long!";

    public static async Task RunAsync(double seconds)
    {
        var root = FindRoot();
        var binary = Path.Combine(root, "artifacts", "aot", "nexus-kernel");
        if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} is missing: publish the AOT binary first");
        var memory = await MeasureAsync(binary, null, seconds);
        var port = FreePort();
        using var redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        { RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            await WaitForPortAsync(port);
            var shared = await MeasureAsync(binary, $"redis://127.0.0.1:{port}", seconds);
            Console.WriteLine($"{"store",-8} {"triggers/s",12} {"fan-out p50 ms",16} {"p99 ms",10}");
            Print("memory", memory);
            Print("redis", shared);
            Console.WriteLine($"ratio redis/memory: throughput {shared.PerSecond / memory.PerSecond:F2}x, fan-out p50 {shared.P50 / memory.P50:F2}x, p99 {shared.P99 / memory.P99:F2}x");
            Console.WriteLine("##nexus-bench " + JsonSerializer.Serialize(new Dictionary<string, double>
            {
                ["memoryPerSecond"] = memory.PerSecond, ["memoryP50Ms"] = memory.P50, ["memoryP99Ms"] = memory.P99,
                ["redisPerSecond"] = shared.PerSecond, ["redisP50Ms"] = shared.P50, ["redisP99Ms"] = shared.P99,
            }));
        }
        finally
        {
            redis.Kill();
            await redis.WaitForExitAsync();
        }
    }

    private sealed record Measurement(double PerSecond, double P50, double P99);

    private static void Print(string name, Measurement m) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-8} {m.PerSecond,12:F0} {m.P50,16:F2} {m.P99,10:F2}"));

    private static async Task<Measurement> MeasureAsync(string binary, string? redisUrl, double seconds)
    {
        var pods = new List<(Process Process, int Http, int Ws)>();
        try
        {
            for (var i = 0; i < (redisUrl is null ? 1 : 2); i++) pods.Add(await StartAsync(binary, redisUrl));
            using var trigger = Client(pods[0].Http);
            using var created = await trigger.PostAsync(new Uri("/panels", UriKind.Relative), new StringContent("""
                {"id":"bench","kind":"counter","initialState":{"count":0},"tools":[{"name":"inc","handler":"$state.count += 1; return $state.count;"}]}
                """, Encoding.UTF8, "application/json"));
            if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException("create failed: " + await created.Content.ReadAsStringAsync());

            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + Token());
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{pods[^1].Ws}/panels/bench/ws"), CancellationToken.None);
            var patches = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
            var reading = Task.Run(() => ReadPatchesAsync(socket, patches));

            for (var i = 0; i < 200; i++) await PostAsync(trigger); // warm-up

            var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var done = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (Stopwatch.GetTimestamp() < end)
                {
                    await PostAsync(trigger);
                    Interlocked.Increment(ref done);
                }
            }));
            var perSecond = done / clock.Elapsed.TotalSeconds;

            var latencies = new List<double>();
            for (var i = 0; i < 300; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                var version = await PostAsync(trigger);
                while (!patches.ContainsKey(version)) await Task.Yield();
                latencies.Add((patches[version] - sent) * 1000.0 / Stopwatch.Frequency);
            }
            latencies.Sort();
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            return new Measurement(perSecond, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
        }
        finally
        {
            foreach (var (process, _, _) in pods)
            {
                process.Kill();
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    private static async Task ReadPatchesAsync(ClientWebSocket socket, System.Collections.Concurrent.ConcurrentDictionary<long, long> patches)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var now = Stopwatch.GetTimestamp();
            using var json = JsonDocument.Parse(message.ToArray());
            message.SetLength(0);
            if (json.RootElement.GetProperty("type").GetString() == "PATCH") patches[json.RootElement.GetProperty("version").GetInt64()] = now;
        }
    }

    private static async Task<long> PostAsync(HttpClient client)
    {
        using var response = await client.PostAsync(new Uri("/panels/bench/trigger/inc", UriKind.Relative), null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("returnValue").GetInt64();
    }

    private static async Task<(Process, int, int)> StartAsync(string binary, string? redisUrl)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["HTTP_PORT"] = "0", ["WS_PORT"] = "0", ["METRICS_PORT"] = "0", ["HOST"] = "127.0.0.1", ["JWT_SECRET"] = Secret,
            ["LOG_LEVEL"] = "info", ["PANEL_QUEUE_LIMIT"] = "1000", ["CACHE_DIR"] = Path.Combine(Path.GetTempPath(), "nexus-bench-cache"),
            ["PANEL_STORE"] = redisUrl is null ? "memory" : "redis", ["REDIS_URL"] = redisUrl ?? "",
        })
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.Contains("\"eventId\":1001", StringComparison.Ordinal)) continue;
            var entry = JsonDocument.Parse(line).RootElement;
            _ = DrainAsync(process.StandardOutput);
            var (http, ws) = (entry.GetProperty("httpPort").GetInt32(), entry.GetProperty("wsPort").GetInt32());
            using var client = Client(http);
            for (var i = 0; i < 600 && !(await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode; i++) await Task.Delay(100);
            return (process, http, ws);
        }
        throw new InvalidOperationException("the kernel exited before listening");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
    }

    private static HttpClient Client(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        return client;
    }

    private static string Token()
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var input = Encode(Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""")) + "." +
            Encode(Encoding.UTF8.GetBytes($$"""{"sub":"bench","scope":"panels:read panels:write panels:execute","iat":{{now}},"exp":{{now + 3600}}}"""));
        return input + "." + Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.ASCII.GetBytes(input)));
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException("redis-server did not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nexus.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
