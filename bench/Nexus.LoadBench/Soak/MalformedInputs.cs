using System.Net;
using System.Text.Json;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// Malformed and refused inputs, one per round in turn, each with the status and code the README promises:
/// broken JSON and stray members (400), a bad token (401), bodies over BODY_LIMIT with and without a length (413),
/// unknown panel or tool (404), a handler that does not compile (400), refused upgrades, and protocol faults on a socket.
/// </summary>
internal sealed class MalformedInputs(HttpClient http, Ledger ledger, int wsPort, string token)
{
    private const string Kind = "malformed";
    private static readonly string Oversized = $$"""{"args":"{{new string('a', 1_100_000)}}"}""";

    public Task RunAsync(TimeSpan pause, CancellationToken stop)
    {
        var round = 0;
        return ledger.LoopAsync(Kind, pause, stop, () => (round++ % 11) switch
        {
            0 => Http(Post("good-0", "inc", HttpTraffic.Json("""{"args":""")), 400, "INVALID_REQUEST"),
            1 => Http(Post("good-0", "inc", HttpTraffic.Json("""{"args":{},"extra":1}""")), 400, "INVALID_REQUEST"),
            2 => Http(new HttpRequestMessage(HttpMethod.Get, "/panels") { Headers = { Authorization = new("Bearer", "not.a.token") } }, 401, "UNAUTHORIZED"),
            3 => Http(Oversize(chunked: false), 413, "PAYLOAD_TOO_LARGE"),
            4 => Http(Oversize(chunked: true), 413, "PAYLOAD_TOO_LARGE"),
            5 => Http(Post("no-such-panel", "inc", null), 404, "PANEL_NOT_FOUND"),
            6 => Http(Post("good-2", "no-such-tool", null), 404, "TOOL_NOT_FOUND"),
            7 => Http(new HttpRequestMessage(HttpMethod.Post, "/panels") { Content = HttpTraffic.Json("""{"id":"broken","kind":"soak","tools":[{"name":"t","handler":"return ("}]}""") }, 400, "COMPILATION_ERROR"),
            8 => Upgrade("good-3", "not.a.token", 401),
            9 => Upgrade("no-such-panel", token, 404),
            _ => ProtocolFaultsAsync(),
        });
    }

    /// <summary>A body over BODY_LIMIT (1 MiB): with its length and <c>Expect: 100-continue</c>, so the kernel refuses it
    /// before it is sent (sent at once, the refusal races the upload and the client may see a broken pipe instead of
    /// the 413: see the soak's README), or chunked, so the kernel reads up to the limit, then refuses and closes (the
    /// same race: a few percent of these see the closed connection, counted as expected on their own line).</summary>
    private static HttpRequestMessage Oversize(bool chunked)
    {
        var request = Post("good-1", "inc", HttpTraffic.Json(Oversized));
        if (chunked) request.Headers.TransferEncodingChunked = true;
        else request.Headers.ExpectContinue = true;
        return request;
    }

    private static HttpRequestMessage Post(string panel, string tool, HttpContent? content) =>
        new(HttpMethod.Post, $"/panels/{panel}/trigger/{tool}") { Content = content };

    private async Task Http(HttpRequestMessage request, int status, string code)
    {
        using var _ = request;
        var sent = request.Headers.TransferEncodingChunked == true ? "chunked" : $"{request.Content?.Headers.ContentLength ?? 0} bytes";
        var what = $"{request.Method} {request.RequestUri} ({sent})";
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException error) when (sent == "chunked" && status == 413 && error.InnerException is IOException)
        {
            // The kernel read up to BODY_LIMIT, answered 413 and closed while the rest was still on its way.
            ledger.Expected(Kind, "closed mid-upload (chunked body over BODY_LIMIT)");
            return;
        }
        catch (HttpRequestException error)
        {
            ledger.Fail(Kind, $"{what}: expected {status} {code}, got {error.Message} {error.InnerException?.Message}");
            return;
        }
        using var __ = response;
        var body = await response.Content.ReadAsStringAsync();
        using var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonDocument.Parse(body) : null;
        var got = problem?.RootElement.GetProperty("code").GetString();
        if ((int)response.StatusCode == status && got == code) ledger.Expected(Kind, $"HTTP {status} {code}");
        else ledger.Fail(Kind, $"{what}: expected {status} {code}, got {(int)response.StatusCode} {body}");
    }

    private async Task Upgrade(string panel, string bearer, int status)
    {
        var got = await SoakSocket.UpgradeStatusAsync(wsPort, panel, bearer);
        if (got == status) ledger.Expected(Kind, $"WS upgrade {status}");
        else ledger.Fail(Kind, $"upgrade to {panel}: expected {status}, got {got}");
    }

    /// <summary>Frames the kernel answers with ERROR and keeps the connection: unknown type, not an object, unknown tool.</summary>
    private async Task ProtocolFaultsAsync()
    {
        var (socket, _) = await SoakSocket.ConnectAsync(wsPort, "good-3", token);
        await using var _ = socket;
        await socket.SendAsync("""{"type":"NOPE","requestId":1}""");
        await socket.SendAsync("[1,2,3]");
        await socket.SendAsync("""{"type":"TRIGGER","tool":"no-such-tool","requestId":3}""");
        foreach (var code in new[] { "UNKNOWN_MESSAGE", "INVALID_MESSAGE", "TOOL_NOT_FOUND" })
        {
            var message = await socket.ReceiveAsync();
            while (message?.GetProperty("type").GetString() is "PATCH" or "EVENT") message = await socket.ReceiveAsync();
            if (message?.GetProperty("type").GetString() == "ERROR" && message.Value.GetProperty("code").GetString() == code) ledger.Expected(Kind, $"WS ERROR {code}");
            else ledger.Fail(Kind, $"expected ERROR {code}, got {message?.GetRawText() ?? "a close: " + socket.ClosedWith}");
        }
    }
}
