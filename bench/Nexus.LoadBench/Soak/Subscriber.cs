using System.Text.Json;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// A client connected for the whole soak. It reads everything; PATCH versions must follow each other by one from
/// the CONNECTED version (none lost, none reordered) and never show a dropped batch; a PING every 5 s must be
/// answered. At the end it checks the last PONG, then closes; any close before that is unexpected.
/// </summary>
internal sealed class Subscriber(Ledger ledger, int wsPort, string token, string panel)
{
    private const string Kind = "ws subscriber";
    private int _pongs;
    private long _patches;
    private volatile bool _closing;

    public long Patches => Interlocked.Read(ref _patches);

    public async Task RunAsync(CancellationToken stop)
    {
        var (socket, connected) = await SoakSocket.ConnectAsync(wsPort, panel, token);
        await using var _ = socket;
        var reader = ReadAsync(socket, connected.GetProperty("version").GetInt64());
        var pings = 0;
        while (!stop.IsCancellationRequested && !reader.IsCompleted)
        {
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(5), stop), reader);
            if (reader.IsCompleted) break;
            await socket.SendAsync($$"""{"type":"PING","requestId":{{++pings}}}""");
        }
        for (var waited = 0; waited < 100 && Volatile.Read(ref _pongs) < pings && !reader.IsCompleted; waited++) await Task.Delay(100);
        if (reader.IsCompleted) return; // the reader counted why it ended
        if (Volatile.Read(ref _pongs) < pings) ledger.Fail(Kind, $"{panel}: {Volatile.Read(ref _pongs)} PONGs for {pings} PINGs");
        else ledger.Ok(Kind);
        _closing = true;
        await socket.CloseOutputAsync();
        await reader;
    }

    private async Task ReadAsync(SoakSocket socket, long version)
    {
        try
        {
            while (await socket.ReceiveAsync(Timeout.InfiniteTimeSpan) is { } message)
            {
                switch (message.GetProperty("type").GetString())
                {
                    case "PATCH":
                        var next = message.GetProperty("version").GetInt64();
                        if (next != version + 1) ledger.Fail(Kind, $"{panel}: PATCH version {next} after {version}");
                        if (SoakPanels.ShowsDroppedWrite(message)) ledger.Fail(Kind, $"{panel}: PATCH shows a failed tool's write: {message.GetRawText()}");
                        version = next;
                        Interlocked.Increment(ref _patches);
                        break;
                    case "PONG":
                        Interlocked.Increment(ref _pongs);
                        break;
                    case "EVENT":
                        break;
                    default:
                        ledger.Fail(Kind, $"{panel}: unexpected message {message.GetRawText()}");
                        break;
                }
            }
            if (!_closing) ledger.Fail(Kind, $"{panel}: closed by the kernel: {socket.ClosedWith}");
        }
        catch (Exception error) when (!_closing)
        {
            ledger.Fail(Kind, $"{panel}: {error.GetType().Name}: {error.Message}");
        }
        catch (Exception)
        {
            // a read cut short by our own close
        }
    }
}
