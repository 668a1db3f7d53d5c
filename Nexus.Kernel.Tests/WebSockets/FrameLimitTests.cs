using System.Text;
using Nexus.Kernel.Observability;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.WebSockets;

/// <summary>
/// A frame whose header declares more than WS_MAX_MESSAGE_BYTES is closed 1009 as soon as the header arrives: the
/// client here sends only the header and never the payload, so an answer at all proves the server did not wait.
/// </summary>
public class FrameLimitTests
{
    private const int Max = 1000;
    private static TestKernel _kernel = null!;

    [Before(Class)]
    public static async Task Start()
    {
        _kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["WS_MAX_MESSAGE_BYTES"] = Max.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var owner = _kernel.ClientFor("frames");
        using var created = await owner.PostAsync("/panels", JsonContent("""{"id":"fl","kind":"k","tools":[]}"""));
        await Assert.That((int)created.StatusCode).IsEqualTo(201);
    }

    [After(Class)]
    public static async Task Stop() => await _kernel.DisposeAsync();

    private static async Task<RawHttp> OpenAsync(bool onHttpPort = false)
    {
        var raw = await RawWebSocket.OpenAsync(onHttpPort ? _kernel.HttpPort : _kernel.WsPort, "fl", _kernel.Token("frames"));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await raw.ReadTextOfTypeAsync("CONNECTED", wait.Token);
        return raw;
    }

    [Test]
    [Arguments(1L << 62, false)]
    [Arguments(100_000L, false)]
    [Arguments(Max + 1L, false)]
    [Arguments(1L << 62, true)]
    public async Task A_header_declaring_more_than_the_cap_is_closed_1009_without_its_payload(long declared, bool onHttpPort)
    {
        await using var raw = await OpenAsync(onHttpPort);
        await raw.SendAsync(RawWebSocket.Header(opcode: 1, declared));

        // Generous and one-sided: the keep-alive (30 s + 15 s) would end a waiting socket only much later, without 1009.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.That(await raw.ReadCloseStatusAsync(wait.Token)).IsEqualTo(1009);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task A_refused_frame_is_counted_as_the_1009_close_the_client_got(bool onHttpPort)
    {
        // A kernel of its own: the close counts are the process's, and the other tests here close sockets too.
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["WS_MAX_MESSAGE_BYTES"] = "1000" });
        using (var created = await kernel.ClientFor("frames").PostAsync("/panels", JsonContent("""{"id":"fl","kind":"k","tools":[]}""")))
        {
            await Assert.That((int)created.StatusCode).IsEqualTo(201);
        }
        var counters = kernel.Service<KernelCounters>();
        await using (var raw = await RawWebSocket.OpenAsync(onHttpPort ? kernel.HttpPort : kernel.WsPort, "fl", kernel.Token("frames")))
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await raw.ReadTextOfTypeAsync("CONNECTED", wait.Token);
            await raw.SendAsync(RawWebSocket.Header(opcode: 1, 1L << 62));
            await Assert.That(await raw.ReadCloseStatusAsync(wait.Token)).IsEqualTo(1009);
        }

        // The connection is over (and counted) once it leaves the gauge.
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref counters.WsConnections) == 0), "the refused socket is released");
        await Assert.That(counters.WsCloses["1009"]).IsEqualTo(1);
        await Assert.That(counters.WsCloses["1000"]).IsEqualTo(0);
    }

    [Test]
    public async Task A_frame_of_exactly_the_cap_is_read_and_answered()
    {
        await using var raw = await OpenAsync();
        var ping = """{"type":"PING","requestId":"cap"}""";
        var payload = Encoding.UTF8.GetBytes(ping + new string(' ', Max - ping.Length));
        await raw.SendAsync(RawWebSocket.Frame(opcode: 1, payload));

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.That(await raw.ReadTextOfTypeAsync("PONG", wait.Token)).Contains("\"cap\"");
    }

    [Test]
    public async Task Frames_after_small_frames_are_still_measured()
    {
        await using var raw = await OpenAsync();
        await raw.SendAsync(RawWebSocket.Frame(opcode: 9, Encoding.UTF8.GetBytes("hi"))); // a ping control frame
        await raw.SendAsync(RawWebSocket.Frame(opcode: 1, Encoding.UTF8.GetBytes("""{"type":"PING","requestId":"a"}""")));
        await raw.SendAsync(RawWebSocket.Header(opcode: 1, Max + 1));

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Assert.That(await raw.ReadCloseStatusAsync(wait.Token)).IsEqualTo(1009);
        using var health = await _kernel.Http.GetAsync("/health");
        await Assert.That((int)health.StatusCode).IsEqualTo(200);
    }
}
