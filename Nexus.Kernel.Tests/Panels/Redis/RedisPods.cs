using System.Net.Http.Headers;
using Nexus.Kernel.Tests.Build;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Panels.Redis;

/// <summary>Several published AOT kernels ("pods") as child processes sharing one redis-server.</summary>
internal sealed class RedisPods : IAsyncDisposable
{
    private RedisPods(List<KernelProcess> pods, List<HttpClient> clients)
    {
        Pods = pods;
        Clients = clients;
    }

    public List<KernelProcess> Pods { get; }
    public List<HttpClient> Clients { get; }

    public static string Token(string sub = "alice") =>
        Jwt.Hs256(Jwt.Payload(sub, exp: Jwt.Now + 3600, iat: Jwt.Now));

    public static async Task<RedisPods> StartAsync(RedisServer redis, int count, params (string Key, string Value)[] extra)
    {
        var binary = await AotPublish.EnsureAsync();
        var cache = Directory.CreateTempSubdirectory("nexus-pods-").FullName;
        var pods = new List<KernelProcess>();
        for (var i = 0; i < count; i++)
        {
            var environment = AotBinaryTests.BaseEnvironment(cache);
            environment["PANEL_STORE"] = "redis";
            environment["REDIS_URL"] = redis.Url;
            environment["MAX_INSTANCES"] = "2";
            environment["PANEL_QUEUE_LIMIT"] = "2000";
            foreach (var (key, value) in extra) environment[key] = value;
            pods.Add(KernelProcess.Start(binary, environment));
        }
        var clients = new List<HttpClient>();
        foreach (var pod in pods)
        {
            await pod.WaitListeningAsync();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{pod.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
            clients.Add(client);
        }
        var all = new RedisPods(pods, clients);
        foreach (var client in clients) await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, "pod ready");
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients) client.Dispose();
        foreach (var pod in Pods) await pod.DisposeAsync();
    }
}
