using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Extensions.Http;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Extensions;

/// <summary>The real http extension and its guarded client against the tests' own server on 127.0.0.1.</summary>
[NotInParallel(nameof(HttpExtensionTests))] // the shared server counts requests
public class HttpExtensionTests
{
    private static TestHttpServer _server = null!;

    [Before(Class)]
    public static async Task Start() => _server = await TestHttpServer.StartAsync();

    [After(Class)]
    public static async Task Stop() => await _server.DisposeAsync();

    private static HttpExtension Extension(string domains = "localhost", bool allowPrivate = true, string extra = "")
    {
        var values = new Dictionary<string, string?>
        {
            ["JWT_SECRET"] = TestKernel.Secret,
            ["HTTP_ALLOWED_DOMAINS"] = domains,
            ["HTTP_ALLOW_PRIVATE"] = allowPrivate ? "true" : "false",
        };
        foreach (var pair in extra.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = (pair.Split('=')[0], pair.Split('=')[1]);
            values[key] = value;
        }
        var options = KernelOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return new HttpExtension(new GuardedHttpClient(options.HttpExtension, NullLogger<GuardedHttpClient>.Instance), options.HttpExtension);
    }

    private static JsonElement Args(params object[] values) => JsonSerializer.SerializeToElement(values, TestJson.Default.ObjectArray);

    private string Url(string path) => $"http://localhost:{_server.Port}{path}";

    [Test]
    public async Task Get_returns_status_headers_parsed_json_and_ok()
    {
        var reply = await Extension().InvokeAsync("get", Args(Url("/json")), CancellationToken.None);
        await Assert.That(reply.GetProperty("status").GetInt32()).IsEqualTo(200);
        await Assert.That(reply.GetProperty("ok").GetBoolean()).IsTrue();
        await Assert.That(reply.GetProperty("data").GetProperty("n").GetInt32()).IsEqualTo(42);
        await Assert.That(reply.GetProperty("headers").GetProperty("content-type").GetString()!).StartsWith("application/json");
    }

    [Test]
    public async Task A_non_2xx_status_is_returned_not_thrown_and_text_stays_text()
    {
        var missing = await Extension().InvokeAsync("get", Args(Url("/missing")), CancellationToken.None);
        await Assert.That(missing.GetProperty("status").GetInt32()).IsEqualTo(404);
        await Assert.That(missing.GetProperty("ok").GetBoolean()).IsFalse();
        var text = await Extension().InvokeAsync("request", JsonDocument.Parse($$"""[{"method":"GET","url":"{{Url("/text")}}"}]""").RootElement, CancellationToken.None);
        await Assert.That(text.GetProperty("data").GetString()).IsEqualTo("plain words");
    }

    [Test]
    public async Task Post_sends_a_json_body()
    {
        var reply = await Extension().InvokeAsync("post", JsonDocument.Parse($$"""["{{Url("/echo")}}", {"a":[1,2]}]""").RootElement, CancellationToken.None);
        await Assert.That(reply.GetProperty("data").GetProperty("a")[1].GetInt32()).IsEqualTo(2);
    }

    [Test]
    public async Task A_host_not_on_the_list_is_refused_before_any_connection()
    {
        var before = _server.Requests;
        var error = await Assert.ThrowsAsync<HttpGuardException>(() => Extension(domains: "example.com").InvokeAsync("get", Args(Url("/json")), CancellationToken.None));
        await Assert.That(error!.Message).Contains("not in HTTP_ALLOWED_DOMAINS");
        var empty = await Assert.ThrowsAsync<HttpGuardException>(() => Extension(domains: "").InvokeAsync("get", Args(Url("/json")), CancellationToken.None));
        await Assert.That(empty!.Message).Contains("HTTP_ALLOWED_DOMAINS is empty");
        await Assert.That(_server.Requests).IsEqualTo(before);
    }

    [Test]
    public async Task An_allowed_name_resolving_to_a_private_address_is_refused_before_any_connection()
    {
        var before = _server.Requests;
        var error = await Assert.ThrowsAsync<HttpGuardException>(() => Extension(allowPrivate: false).InvokeAsync("get", Args(Url("/json")), CancellationToken.None));
        await Assert.That(error!.Message).Contains("private address");
        await Assert.That(_server.Requests).IsEqualTo(before);
    }

    [Test]
    public async Task A_redirect_to_another_host_is_refused()
    {
        var before = _server.Requests;
        var target = Uri.EscapeDataString($"http://127.0.0.1:{_server.Port}/json");
        var error = await Assert.ThrowsAsync<HttpGuardException>(() => Extension().InvokeAsync("get", Args(Url($"/redirect?to={target}")), CancellationToken.None));
        await Assert.That(error!.Message).Contains("127.0.0.1");
        await Assert.That(_server.Requests).IsEqualTo(before + 1);
    }

    [Test]
    public async Task A_redirect_within_the_list_is_followed()
    {
        var target = Uri.EscapeDataString(Url("/json"));
        var reply = await Extension().InvokeAsync("get", Args(Url($"/redirect?to={target}")), CancellationToken.None);
        await Assert.That(reply.GetProperty("data").GetProperty("hello").GetString()).IsEqualTo("world");
    }

    [Test]
    public async Task A_slow_server_hits_the_timeout()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Extension(extra: "HTTP_TIMEOUT=300").InvokeAsync("get", Args(Url("/slow")), CancellationToken.None));
        await Assert.That(error!.Message).Contains("timed out after 300 ms");
    }

    [Test]
    public async Task An_oversized_response_is_cut_off_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<HttpGuardException>(() =>
            Extension(extra: "HTTP_MAX_RESPONSE_BYTES=1000").InvokeAsync("get", Args(Url("/big/5000")), CancellationToken.None));
        await Assert.That(error!.Message).Contains("HTTP_MAX_RESPONSE_BYTES (1000 bytes)");
        var fits = await Extension(extra: "HTTP_MAX_RESPONSE_BYTES=1000").InvokeAsync("get", Args(Url("/big/900")), CancellationToken.None);
        await Assert.That(fits.GetProperty("data").GetString()!.Length).IsEqualTo(900);
    }

    [Test]
    public async Task Http_max_concurrent_is_never_exceeded_at_the_server()
    {
        await using var server = await TestHttpServer.StartAsync();
        server.ReachedAt = 3;
        var extension = Extension(extra: "HTTP_MAX_CONCURRENT=3");
        var calls = Enumerable.Range(0, 12)
            .Select(_ => extension.InvokeAsync("get", Args($"http://localhost:{server.Port}/hold"), CancellationToken.None))
            .ToList();

        await server.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        server.Gate.TrySetResult();
        var replies = await Task.WhenAll(calls);

        await Assert.That(replies.All(r => r.GetProperty("data").GetProperty("held").GetBoolean())).IsTrue();
        await Assert.That(server.MaxInFlight).IsEqualTo(3);
    }
}
