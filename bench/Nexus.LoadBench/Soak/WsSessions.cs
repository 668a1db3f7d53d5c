using System.Text.Json;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// Connection churn: a client connects to a panel (mostly good, sometimes hostile), sends three TRIGGERs, a PING
/// and, every third session, a frame that is not JSON; it reads until every answer came, then disconnects.
/// </summary>
internal sealed class WsSessions(Ledger ledger, int wsPort, string token)
{
    private const string Kind = "ws session";

    public Task RunAsync(TimeSpan pause, CancellationToken stop)
    {
        var session = 0;
        return ledger.LoopAsync(Kind, pause, stop, async () =>
        {
            var panel = ++session % 10 == 0 ? HttpTraffic.Pick(SoakPanels.Hostile) : HttpTraffic.Pick(SoakPanels.Good);
            ledger.Judge(Kind, null, await SessionAsync(panel, garbage: session % 3 == 0));
        });
    }

    private async Task<Outcome> SessionAsync(string panel, bool garbage)
    {
        var (socket, _) = await SoakSocket.ConnectAsync(wsPort, panel, token);
        await using var _ = socket;
        var pending = new Dictionary<int, ToolCase>();
        for (var id = 1; id <= 3; id++)
        {
            var tool = HttpTraffic.Pick(SoakPanels.ToolsOf(panel));
            pending[id] = tool;
            await socket.SendAsync($$"""{"type":"TRIGGER","tool":"{{tool.Name}}","args":{{tool.Args(id)}},"requestId":{{id}}}""");
        }
        if (garbage) await socket.SendAsync("{\"type\": TRIGGER");
        await socket.SendAsync("""{"type":"PING","requestId":"p"}""");
        var (pong, parseError) = (false, !garbage);
        while (pending.Count > 0 || !pong || !parseError)
        {
            if (await socket.ReceiveAsync() is not { } message) return Outcome.Bad($"{panel}: closed by the kernel: {socket.ClosedWith}");
            switch (message.GetProperty("type").GetString())
            {
                case "RESULT" when message.TryGetProperty("requestId", out var r) && r.ValueKind == JsonValueKind.Number && pending.Remove(r.GetInt32(), out var tool):
                    ledger.Judge("ws trigger", tool.ExpectedCode, tool.Check(message.GetProperty("result"), r.GetInt32()));
                    break;
                case "PONG":
                    pong = true;
                    break;
                case "ERROR" when garbage && message.GetProperty("code").GetString() == "PARSE_ERROR":
                    ledger.Expected("ws malformed", "WS ERROR PARSE_ERROR");
                    parseError = true;
                    break;
                case "PATCH" or "EVENT":
                    break;
                default:
                    return Outcome.Bad($"{panel}: unexpected message {message.GetRawText()}");
            }
        }
        return Outcome.Good;
    }
}
