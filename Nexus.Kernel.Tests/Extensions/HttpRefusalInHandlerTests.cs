using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Extensions;

/// <summary>
/// The http extension's refusals and failures as a handler meets them through the real server: a rejection it can
/// catch (whose message says why), or, uncaught, the execution's error code. Refused calls never reach the server.
/// </summary>
[NotInParallel(nameof(HttpRefusalInHandlerTests))] // one shared test server counts requests
public class HttpRefusalInHandlerTests
{
    private static TestHttpServer _server = null!;
    private static TestKernel _kernel = null!;
    private static HttpClient _client = null!;
    private static int _panels;

    [Before(Class)]
    public static async Task Start()
    {
        _server = await TestHttpServer.StartAsync();
        _kernel = await TestKernel.StartAsync(ExtPanels.Settings(("HTTP_MAX_RESPONSE_BYTES", "1000"), ("MAX_PANELS_PER_SUBJECT", "100")));
        _client = ExtPanels.Client(_kernel);
    }

    [After(Class)]
    public static async Task Stop()
    {
        _client.Dispose();
        await _kernel.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static async Task<System.Text.Json.JsonElement> RunAsync(string handler, string capabilities = ExtPanels.Capabilities)
    {
        var id = "refusal" + Interlocked.Increment(ref _panels);
        await ExtPanels.CreateAsync(_client, id, handler, _server, capabilities);
        return await ExtPanels.RunAsync(_client, id);
    }

    private const string Caught = "try { await CALL; return 'no rejection'; } catch (e) { return { code: e.code, message: e.message }; }";

    private static string Catching(string call) => Caught.Replace("CALL", call, StringComparison.Ordinal);

    [Test]
    public async Task A_host_not_on_the_list_is_a_catchable_rejection_and_never_reaches_the_server()
    {
        var before = _server.Requests;
        var result = await RunAsync(Catching($"$ext.http.get('http://127.0.0.1:{_server.Port}/json')"));

        var reply = result.GetProperty("returnValue");
        await Assert.That(reply.GetProperty("code").GetString()).IsEqualTo("EXTENSION_ERROR");
        await Assert.That(reply.GetProperty("message").GetString()).Contains("host 127.0.0.1 is not in HTTP_ALLOWED_DOMAINS");
        await Assert.That(_server.Requests).IsEqualTo(before);
    }

    [Test]
    public async Task Uncaught_the_refusal_ends_the_execution_with_extension_error_and_drops_the_later_batch()
    {
        var before = _server.Requests;
        var result = await RunAsync($"$state.a = 1; await $ext.http.get('http://127.0.0.1:{_server.Port}/json'); $state.b = 2;");

        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("EXTENSION_ERROR");
        await Assert.That(result.GetProperty("error").GetProperty("message").GetString()).Contains("not in HTTP_ALLOWED_DOMAINS");
        await Assert.That(result.GetProperty("stateMutations").GetArrayLength()).IsEqualTo(1);
        await Assert.That(_server.Requests).IsEqualTo(before);
    }

    [Test]
    public async Task A_slow_server_hits_the_call_timeout_and_the_handler_catches_it()
    {
        var result = await RunAsync(Catching("$ext.http.get(URL + '/slow', { timeout: 300 })"));

        var reply = result.GetProperty("returnValue");
        await Assert.That(reply.GetProperty("code").GetString()).IsEqualTo("EXTENSION_ERROR");
        await Assert.That(reply.GetProperty("message").GetString()).Contains("timed out after 300 ms");
    }

    [Test]
    public async Task An_oversized_response_is_a_clear_error_and_one_that_fits_is_returned()
    {
        var result = await RunAsync("""
            let big;
            try { await $ext.http.get(URL + '/big/5000'); } catch (e) { big = e.message; }
            const fits = await $ext.http.get(URL + '/big/900');
            return { big, fits: fits.data.length };
            """);

        var reply = result.GetProperty("returnValue");
        await Assert.That(reply.GetProperty("big").GetString()).Contains("larger than HTTP_MAX_RESPONSE_BYTES (1000 bytes)");
        await Assert.That(reply.GetProperty("fits").GetInt32()).IsEqualTo(900);
    }

    [Test]
    public async Task An_unknown_extension_is_extension_not_found()
    {
        var result = await RunAsync("await $ext.nope.get('x');", """["ext:*"]""");
        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("EXTENSION_NOT_FOUND");
    }

    [Test]
    public async Task An_unknown_method_is_method_not_found()
    {
        var before = _server.Requests;
        var result = await RunAsync("await $ext.http.fetch(URL + '/json');");
        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("METHOD_NOT_FOUND");
        await Assert.That(_server.Requests).IsEqualTo(before);
    }

    [Test]
    public async Task Without_an_ext_capability_the_call_is_permission_denied_even_if_caught()
    {
        var before = _server.Requests;
        var result = await RunAsync(Catching("$ext.http.get(URL + '/json')"), """["state:read:*","state:write:*"]""");

        await Assert.That(result.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("PERMISSION_DENIED");
        await Assert.That(result.GetProperty("error").GetProperty("message").GetString()).Contains("ext:http");
        await Assert.That(_server.Requests).IsEqualTo(before);
    }

    [Test]
    public async Task Localhost_without_http_allow_private_is_refused_before_any_connection()
    {
        await using var kernel = await TestKernel.StartAsync(ExtPanels.Settings(("HTTP_ALLOW_PRIVATE", "false")));
        using var client = ExtPanels.Client(kernel);
        await ExtPanels.CreateAsync(client, "private", Catching("$ext.http.get(URL + '/json')"), _server);
        await ExtPanels.CreateAsync(client, "private_uncaught", "await $ext.http.get(URL + '/json');", _server);
        var before = _server.Requests;

        var caught = (await ExtPanels.RunAsync(client, "private")).GetProperty("returnValue");
        var uncaught = await ExtPanels.RunAsync(client, "private_uncaught");

        await Assert.That(caught.GetProperty("code").GetString()).IsEqualTo("EXTENSION_ERROR");
        await Assert.That(caught.GetProperty("message").GetString()).Contains("private address");
        await Assert.That(caught.GetProperty("message").GetString()).Contains("HTTP_ALLOW_PRIVATE");
        await Assert.That(uncaught.GetProperty("error").GetProperty("code").GetString()).IsEqualTo("EXTENSION_ERROR");
        await Assert.That(_server.Requests).IsEqualTo(before);
    }
}
