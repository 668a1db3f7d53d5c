using System.Net;
using Nexus.Kernel.Tests.Build;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Observability;

[NotInParallel(nameof(MetricsEndpointTests))] // the tests share a kernel and assert deltas of its counters
public class MetricsEndpointTests
{
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start() => _kernel = await TestKernel.StartAsync();

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static async Task<string> ScrapeAsync()
    {
        using var client = new HttpClient();
        return await client.GetStringAsync($"http://127.0.0.1:{_kernel.MetricsPort}/metrics");
    }

    /// <summary>How much one series (name with its labels, exactly as exported) moved between two scrapes; absent is 0.</summary>
    private static double Delta(string before, string after, string series) => Value(after, series) - Value(before, series);

    private static double Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    [Test]
    public async Task Metrics_are_served_on_the_metrics_port_with_the_design_names()
    {
        using var _ = await _kernel.Http.GetAsync("/health");
        var text = await ScrapeAsync();
        foreach (var name in new[]
        {
            "nexus_handler_execution_duration_seconds", "nexus_module_cache_misses_total", "nexus_module_compile_duration_seconds",
            "nexus_instances_active", "nexus_instances_available", "nexus_executions_suspended", "nexus_panel_queue_depth",
            "nexus_panels_active", "nexus_ws_connections", "http_requests_received_total",
        })
        {
            await Assert.That(text).Contains("# TYPE " + name + " ");
        }
    }

    [Test]
    public async Task Metrics_are_not_on_the_http_or_websocket_port_and_the_api_is_not_on_the_metrics_port()
    {
        using var client = new HttpClient();
        using var onHttp = await client.GetAsync($"http://127.0.0.1:{_kernel.HttpPort}/metrics");
        using var onWs = await client.GetAsync($"http://127.0.0.1:{_kernel.WsPort}/metrics");
        using var panelsOnMetrics = await client.GetAsync($"http://127.0.0.1:{_kernel.MetricsPort}/panels");
        using var healthOnWs = await client.GetAsync($"http://127.0.0.1:{_kernel.WsPort}/health");

        await Assert.That(onHttp.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
        await Assert.That(onWs.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
        await Assert.That(panelsOnMetrics.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
        await Assert.That(healthOnWs.StatusCode).IsEqualTo(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Requests_are_counted_per_route_method_and_status_and_an_unknown_method_is_labelled_other()
    {
        using var client = _kernel.ClientFor("request-metrics");
        using var created = await client.PostAsync("/panels",
            HttpAssertions.JsonContent("""{"id":"rm1","kind":"k","tools":[{"name":"t","handler":"return 1;"}]}"""));
        await Assert.That(created.StatusCode).IsEqualTo(HttpStatusCode.Created);
        var before = await ScrapeAsync();
        for (var i = 0; i < 3; i++)
        {
            using var triggered = await client.PostAsync("/panels/rm1/trigger/t", content: null);
            await Assert.That(triggered.StatusCode).IsEqualTo(HttpStatusCode.OK);
        }
        using var brewed = await client.SendAsync(new HttpRequestMessage(new HttpMethod("BREW"), "/panels/rm1"));
        var after = await ScrapeAsync();

        const string Trigger = "method=\"POST\",controller=\"\",action=\"\",endpoint=\"/panels/{id}/trigger/{tool}\"";
        await Assert.That(Delta(before, after, "http_requests_received_total{code=\"200\"," + Trigger + "}")).IsEqualTo(3);
        await Assert.That(Delta(before, after, "http_request_duration_seconds_count{code=\"200\"," + Trigger + "}")).IsEqualTo(3);
        await Assert.That(Value(after, "http_requests_in_progress{" + Trigger + "}")).IsEqualTo(0);
        var code = ((int)brewed.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assert.That(after).Contains("http_requests_received_total{code=\"" + code + "\",method=\"other\"");
        await Assert.That(after).DoesNotContain("BREW");
    }

    [Test]
    public async Task Rejections_and_panels_are_counted()
    {
        using var client = _kernel.ClientFor("metrics-user");
        var before = await ScrapeAsync();
        using var a = await client.PostAsync("/panels", HttpAssertions.JsonContent("""{"id":"m1","kind":"k","tools":[]}"""));
        using var b = await client.PostAsync("/panels", HttpAssertions.JsonContent("""{"id":"m1","kind":"k","tools":[]}"""));
        var after = await ScrapeAsync();
        // The class shares one kernel: other tests may move these series too, so each test asserts its own deltas.
        await Assert.That(Delta(before, after, "nexus_panels_active")).IsEqualTo(1);
        await Assert.That(Delta(before, after, "nexus_rejections_total{reason=\"panel_exists\"}")).IsEqualTo(1);
    }

    [Test]
    public async Task Executions_errors_host_calls_and_durations_are_exported()
    {
        using var client = _kernel.ClientFor("metrics-exec");
        using var created = await client.PostAsync("/panels", HttpAssertions.JsonContent("""
            {"id":"mx","kind":"k","tools":[{"name":"ok","handler":"$state.a = 1; return 1;"},{"name":"bad","handler":"throw new Error('x');"}]}
            """));
        var before = await ScrapeAsync();
        using var ok = await client.PostAsync("/panels/mx/trigger/ok", null);
        using var bad = await client.PostAsync("/panels/mx/trigger/bad", null);

        var text = await ScrapeAsync();
        await Assert.That(Delta(before, text, "nexus_handler_executions_total{status=\"success\"}")).IsEqualTo(1);
        await Assert.That(Delta(before, text, "nexus_handler_executions_total{status=\"error\"}")).IsEqualTo(1);
        await Assert.That(Delta(before, text, "nexus_errors_total{code=\"EXECUTION_ERROR\"}")).IsEqualTo(1);
        await Assert.That(Delta(before, text, "nexus_handler_execution_duration_seconds_count")).IsEqualTo(2);
        await Assert.That(text).Contains("nexus_host_calls_total{function=");
        await Assert.That(text).Contains("nexus_instances_available ");
    }

    [Test]
    public async Task Promtool_finds_the_exposition_clean()
    {
        using var _ = await _kernel.Http.GetAsync("/health");
        var path = Path.Combine(Path.GetTempPath(), $"nexus-metrics-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(path, await ScrapeAsync());
        try
        {
            var result = await ProcessRunner.RunAsync("sh", ["-c", $"promtool check metrics < '{path}'"], RepoPaths.Root, TimeSpan.FromSeconds(60));
            await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
