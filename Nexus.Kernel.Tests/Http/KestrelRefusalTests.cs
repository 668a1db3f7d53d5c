using System.Net;
using System.Text;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// Refusals that Kestrel would answer on its own (408 a body too slow, 413 too big, 431 headers too large) are
/// problem details with a <c>code</c>, like every other error. Header limits sit exactly at 100 fields and 32 KiB.
/// </summary>
public class KestrelRefusalTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start() => _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["BODY_LIMIT"] = "1kb" });

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static async Task<RawResponse> RawGetAsync(IEnumerable<string> headerLines)
    {
        await using var raw = await RawHttp.ConnectAsync(_kernel.HttpPort);
        await raw.SendAsync("GET /health HTTP/1.1\r\n" + string.Concat(headerLines.Select(h => h + "\r\n")) + "Connection: close\r\n\r\n");
        return await raw.ReadResponseAsync();
    }

    private static async Task AssertProblemAsync(RawResponse response, int status, string code)
    {
        await Assert.That(response.Status).IsEqualTo(status).Because(response.Body);
        await Assert.That(response.Header("Content-Type")).IsEqualTo("application/problem+json");
        await Assert.That(response.Json.GetProperty("code").GetString()).IsEqualTo(code);
    }

    [Test]
    public async Task A_100_KB_token_is_431_problem_details()
    {
        using var client = _kernel.Client(new string('a', 100 * 1024));
        using var response = await client.GetAsync("/panels");
        await response.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE");
    }

    [Test]
    public async Task A_thousand_headers_are_431_problem_details()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        for (var i = 0; i < 1000; i++) request.Headers.Add($"X-H{i}", "v");
        using var response = await _kernel.Http.SendAsync(request);
        await response.ProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE");
    }

    [Test]
    public async Task One_hundred_header_fields_pass_and_101_are_431()
    {
        // Host and Connection are fields too.
        var atCap = await RawGetAsync(["Host: 127.0.0.1", .. Enumerable.Range(0, 98).Select(i => $"X-H{i}: v")]);
        var over = await RawGetAsync(["Host: 127.0.0.1", .. Enumerable.Range(0, 99).Select(i => $"X-H{i}: v")]);

        await Assert.That(atCap.Status).IsEqualTo(200).Because(atCap.Body);
        await AssertProblemAsync(over, 431, "HEADERS_TOO_LARGE");
    }

    [Test]
    public async Task Headers_of_exactly_32_KiB_pass_and_one_byte_more_is_431()
    {
        // Each field counts as "name: value\r\n". Host (17) + Connection (19) + X-Pad (9 + n).
        const int fixedBytes = 17 + 19 + 9;
        var atCap = await RawGetAsync(["Host: 127.0.0.1", "X-Pad: " + new string('p', 32 * 1024 - fixedBytes)]);
        var over = await RawGetAsync(["Host: 127.0.0.1", "X-Pad: " + new string('p', 32 * 1024 - fixedBytes + 1)]);

        await Assert.That(atCap.Status).IsEqualTo(200).Because(atCap.Body);
        await AssertProblemAsync(over, 431, "HEADERS_TOO_LARGE");
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task A_body_over_BODY_LIMIT_is_413_problem_details(bool chunked)
    {
        // One write for the whole request: the server answers without reading a declared body, and a client still
        // sending it would see its connection reset before the answer.
        var body = """{"kind":"k","tools":[],"title":" """ + new string('x', 1100) + "\"}";
        var framing = chunked ? $"Transfer-Encoding: chunked\r\n\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n" : $"Content-Length: {body.Length}\r\n\r\n{body}";
        await using var raw = await RawHttp.ConnectAsync(_kernel.HttpPort);
        await raw.SendAsync($"POST /panels HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {_kernel.Token("limits")}\r\nContent-Type: application/json\r\n{framing}");
        await AssertProblemAsync(await raw.ReadResponseAsync(), 413, "PAYLOAD_TOO_LARGE");
    }

    [Test]
    public async Task A_body_dribbled_at_one_byte_a_second_is_408_problem_details()
    {
        await using var raw = await RawHttp.ConnectAsync(_kernel.HttpPort);
        await raw.SendAsync($"POST /panels HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {_kernel.Token("slow")}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{");
        using var stop = new CancellationTokenSource();
        // Kestrel's minimum body rate (240 B/s after a 5 s grace) is what gives up; the dribble only has to be slower.
        var dribble = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 60 && !stop.IsCancellationRequested; i++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                    await raw.SendAsync(" ");
                }
            }
            catch (Exception error) when (error is IOException or OperationCanceledException or ObjectDisposedException)
            {
            }
        });

        var response = await raw.ReadResponseAsync(TimeSpan.FromSeconds(45));
        await stop.CancelAsync();
        await dribble;
        await AssertProblemAsync(response, 408, "REQUEST_TIMEOUT");
    }
}
