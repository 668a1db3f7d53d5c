using System.Net.WebSockets;
using System.Text.Json;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Observability;

public class LoggingTests
{
    [Test]
    public async Task A_query_token_never_reaches_the_log_even_at_debug()
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["LOG_LEVEL"] = "debug" });
        var token = kernel.Token("leaky");
        var marker = token[^16..];

        using var client = new HttpClient();
        using var http = await client.GetAsync($"http://127.0.0.1:{kernel.HttpPort}/panels?token={token}");
        using var ws = new ClientWebSocket();
        try
        {
            await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{kernel.WsPort}/panels/none/ws?token={token}"), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            // refused (no such panel, or no WebSocket route yet): what matters is the log
        }

        await Assert.That(kernel.Log.Lines.Count).IsGreaterThan(0);
        await Assert.That(kernel.Log.All).Contains("debug");
        await Assert.That(kernel.Log.All).DoesNotContain(marker);
    }

    [Test]
    public async Task Every_line_is_one_json_object_with_time_level_message_and_event_id()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("logger");
        using var createdResponse = await client.PostAsync("/panels", HttpAssertions.JsonContent("""{"id":"logged","kind":"k","tools":[]}"""));

        var lines = kernel.Log.Lines;
        await Assert.That(lines.Count).IsGreaterThan(0);
        foreach (var line in lines)
        {
            var entry = JsonDocument.Parse(line).RootElement;
            await Assert.That(entry.GetProperty("time").GetString()).IsNotNull();
            await Assert.That(entry.GetProperty("level").GetString()).IsNotNull();
            await Assert.That(entry.GetProperty("message").GetString()).IsNotNull();
            await Assert.That(entry.TryGetProperty("eventId", out _)).IsTrue();
        }
        var created = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("eventId").GetInt32() == 5001);
        await Assert.That(created.GetProperty("panelId").GetString()).IsEqualTo("logged");
        await Assert.That(created.GetProperty("sub").GetString()).IsEqualTo("logger");
    }
}
