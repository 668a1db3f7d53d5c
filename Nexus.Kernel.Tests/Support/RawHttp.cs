using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Tests.Support;

/// <summary>A response read off a raw socket: status, header lines, body text.</summary>
internal sealed record RawResponse(int Status, IReadOnlyList<string> Headers, string Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// HTTP/1.1 over a bare TCP socket, for what HttpClient will not send: exact header counts, bytes dribbled slowly,
/// hand-made WebSocket frames. Every read is bounded.
/// </summary>
internal sealed class RawHttp : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly TcpClient _tcp;

    private RawHttp(TcpClient tcp) => _tcp = tcp;

    public NetworkStream Stream => _tcp.GetStream();

    public static async Task<RawHttp> ConnectAsync(int port)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawHttp(tcp);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    /// <summary>Reads the status line and headers, then the body by Content-Length (or until the server closes).</summary>
    public async Task<RawResponse> ReadResponseAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? Wait);
        var head = await ReadHeadAsync(timeout.Token);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Where(l => l.Length > 0).ToList();
        var response = new RawResponse(status, headers, "");
        var body = new MemoryStream();
        if (response.Header("Content-Length") is { } lengthText)
        {
            var length = int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture);
            body.Write(await ReadExactlyAsync(length, timeout.Token));
        }
        else if (response.Header("Transfer-Encoding") is "chunked")
        {
            while (true)
            {
                var size = Convert.ToInt32((await ReadLineAsync(timeout.Token)).Split(';')[0], 16);
                if (size > 0) body.Write(await ReadExactlyAsync(size, timeout.Token));
                await ReadLineAsync(timeout.Token);
                if (size == 0) break;
            }
        }
        else if (status != 101 && status != 204)
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await Stream.ReadAsync(buffer, timeout.Token)) > 0) body.Write(buffer, 0, read);
        }
        return response with { Body = Encoding.UTF8.GetString(body.ToArray()) };
    }

    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancel)
    {
        var bytes = new byte[count];
        await Stream.ReadExactlyAsync(bytes, cancel);
        return bytes;
    }

    private async Task<string> ReadLineAsync(CancellationToken cancel)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (!(line.Count >= 2 && line[^2] == '\r' && line[^1] == '\n'))
        {
            if (await Stream.ReadAsync(one, cancel) == 0) throw new IOException("closed inside a chunked body");
            line.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. line])[..^2];
    }

    private async Task<string> ReadHeadAsync(CancellationToken cancel)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await Stream.ReadAsync(one, cancel) == 0) throw new IOException($"closed after {head.Count} bytes of head");
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. head]);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
