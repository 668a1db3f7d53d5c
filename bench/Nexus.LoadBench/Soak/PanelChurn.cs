using System.Net;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// Panel churn, one round at a time: create a panel with an <c>interval</c> tool, connect a socket to it, trigger,
/// read it, delete it; the socket must then be closed by the kernel with 1000 "Panel destroyed" and the panel be gone.
/// </summary>
internal sealed class PanelChurn(HttpClient http, HttpTraffic traffic, Ledger ledger, int wsPort, string token)
{
    private const string Kind = "panel churn";
    private int _round;

    public Task RunAsync(TimeSpan pause, CancellationToken stop) => ledger.LoopAsync(Kind, pause, stop, async () =>
    {
        var round = Interlocked.Increment(ref _round);
        var outcome = await RoundAsync($"churn-{round}", round);
        ledger.Judge(Kind, null, outcome);
    });

    private async Task<Outcome> RoundAsync(string id, int n)
    {
        using (var created = await http.PostAsync("/panels", HttpTraffic.Json(SoakPanels.Churn(id))))
        {
            if (created.StatusCode != HttpStatusCode.Created) return Outcome.Bad($"create {id}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
        var (socket, _) = await SoakSocket.ConnectAsync(wsPort, id, token);
        await using (socket)
        {
            if ((await traffic.TriggerAsync(id, SoakPanels.GoodTools[0], n)).Problem is { } failed) return Outcome.Bad(failed);
            await Task.Delay(250); // a few interval runs
            using (var read = await http.GetAsync($"/panels/{id}"))
            {
                if (read.StatusCode != HttpStatusCode.OK) return Outcome.Bad($"GET {id}: {(int)read.StatusCode}");
            }
            using (var deleted = await http.DeleteAsync($"/panels/{id}"))
            {
                if (deleted.StatusCode != HttpStatusCode.NoContent) return Outcome.Bad($"DELETE {id}: {(int)deleted.StatusCode}");
            }
            while (await socket.ReceiveAsync() is not null)
            {
                // PATCHes of the interval tool until the kernel closes the socket
            }
            if (socket.ClosedWith != "1000 Panel destroyed") return Outcome.Bad($"socket of deleted {id} closed with {socket.ClosedWith}");
        }
        using var gone = await http.GetAsync($"/panels/{id}");
        return gone.StatusCode == HttpStatusCode.NotFound ? Outcome.Good : Outcome.Bad($"GET deleted {id}: {(int)gone.StatusCode}");
    }
}
