using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.WebConsole;

/// <summary>GET /console: off unless enabled, its files from the binary with a strict policy, and only on the HTTP port.</summary>
internal sealed partial class ConsoleEndpointTests
{
    private static readonly Dictionary<string, string?> Enabled = new() { ["CONSOLE_ENABLED"] = "true" };

    [Test]
    public async Task Console_is_404_when_not_enabled()
    {
        await using var kernel = await TestKernel.StartAsync();
        foreach (var path in new[] { "/console", "/console/app.js" })
        {
            using var response = await kernel.Http.GetAsync(path);
            await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
            await Assert.That((await response.JsonAsync(HttpStatusCode.NotFound)).GetProperty("code").GetString()).IsEqualTo("NOT_FOUND");
        }
    }

    [Test]
    public async Task Page_is_served_with_a_strict_content_security_policy()
    {
        await using var kernel = await TestKernel.StartAsync(Enabled);
        using var response = await kernel.Http.GetAsync("/console");

        await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.OK);
        await Assert.That(response.Content.Headers.ContentType!.MediaType).IsEqualTo("text/html");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        await Assert.That(policy).Contains("default-src 'none'");
        await Assert.That(policy).Contains("script-src 'self';");
        await Assert.That(policy).Contains("style-src 'self';");
        await Assert.That(policy).Contains($"connect-src 'self' ws://127.0.0.1:{kernel.HttpPort} ws://127.0.0.1:{kernel.WsPort};");
        await Assert.That(policy).Contains("frame-ancestors 'none'");
        await Assert.That(policy).DoesNotContain("unsafe");
        await Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single()).IsEqualTo("nosniff");
        await Assert.That(response.Headers.CacheControl!.NoCache).IsTrue();
    }

    [Test]
    public async Task Page_has_no_inline_script_or_style_and_every_file_it_names_is_served()
    {
        await using var kernel = await TestKernel.StartAsync(Enabled);
        var html = await kernel.Http.GetStringAsync("/console");

        await Assert.That(ScriptTag().Matches(html).Count(m => !m.Value.Contains(" src=", StringComparison.Ordinal))).IsEqualTo(0);
        await Assert.That(html).DoesNotContain("<style");
        await Assert.That(html).DoesNotContain(" style=");
        await Assert.That(html).DoesNotContain("onclick=");
        var files = LocalFile().Matches(html).Select(m => m.Groups[1].Value).ToList();
        await Assert.That(files).Contains("app.js");
        await Assert.That(files).Contains("console.css");
        foreach (var file in files.Concat(["api.js", "tree.js", "chart.js", "result.js"]))
        {
            using var response = await kernel.Http.GetAsync($"/console/{file}");
            await Assert.That(response.StatusCode).IsEqualTo(HttpStatusCode.OK);
            var expected = Path.GetExtension(file) switch { ".js" => "text/javascript", ".css" => "text/css", _ => "image/svg+xml" };
            await Assert.That(response.Content.Headers.ContentType!.MediaType).IsEqualTo(expected);
        }
    }

    [Test]
    public async Task Same_file_again_with_its_etag_is_304_and_an_unknown_file_is_404()
    {
        await using var kernel = await TestKernel.StartAsync(Enabled);
        using var first = await kernel.Http.GetAsync("/console/app.js");
        var etag = first.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await kernel.Http.SendAsync(again);
        using var unknown = await kernel.Http.GetAsync("/console/secrets.txt");

        await Assert.That(notModified.StatusCode).IsEqualTo(HttpStatusCode.NotModified);
        await Assert.That(unknown.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Console_answers_on_the_http_port_only()
    {
        await using var kernel = await TestKernel.StartAsync(Enabled);
        using var ws = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.WsPort}") };
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{kernel.MetricsPort}") };

        await Assert.That((await ws.GetAsync("/console")).StatusCode).IsEqualTo(HttpStatusCode.NotFound);
        await Assert.That((await metrics.GetAsync("/console")).StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }

    [Test]
    [Arguments(false, null, false)]
    [Arguments(true, null, true)]
    [Arguments(true, "false", false)]
    [Arguments(false, "true", true)]
    public async Task Console_is_on_by_default_with_dev_only(bool devMode, string? setting, bool expected)
    {
        var values = new Dictionary<string, string?> { ["JWT_SECRET"] = TestKernel.Secret, ["CONSOLE_ENABLED"] = setting };
        var options = KernelOptionsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), devMode);
        await Assert.That(options.Console.ConsoleEnabled).IsEqualTo(expected);
    }

    [GeneratedRegex("<script\\b[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("(?:src|href)=\"/console/([^\"]+)\"")]
    private static partial Regex LocalFile();
}
