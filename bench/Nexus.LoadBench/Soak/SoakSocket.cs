using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Nexus.LoadBench.Soak;

/// <summary>
/// A WebSocket client for the soak. Unlike the bench's <c>Socket</c>, every read has a time limit, a close by the
/// server is reported with its status rather than thrown, and a refused upgrade tells its HTTP status.
/// </summary>
internal sealed class SoakSocket : IAsyncDisposable
{
    public static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(20);
    private readonly ClientWebSocket _socket;
    private byte[] _buffer = new byte[16 * 1024];

    private SoakSocket(ClientWebSocket socket) => _socket = socket;

    /// <summary>Set when the server closed the connection: its status and reason.</summary>
    public string? ClosedWith => _socket.CloseStatus is { } status ? $"{(int)status} {_socket.CloseStatusDescription}" : null;

    /// <summary>Connects and reads <c>CONNECTED</c>, returning it with the socket.</summary>
    public static async Task<(SoakSocket Socket, JsonElement Connected)> ConnectAsync(int port, string panel, string token)
    {
        var client = Open(token);
        using (var limit = new CancellationTokenSource(ReadLimit)) await client.ConnectAsync(Address(port, panel), limit.Token);
        var socket = new SoakSocket(client);
        var first = await socket.ReceiveAsync();
        if (first?.GetProperty("type").GetString() != "CONNECTED")
        {
            await socket.DisposeAsync();
            throw new InvalidDataException($"first message on {panel} was {first?.GetRawText() ?? "a close: " + socket.ClosedWith}");
        }
        return (socket, first.Value);
    }

    /// <summary>The HTTP status an upgrade gets (101 when it is accepted; the socket is then closed).</summary>
    public static async Task<int> UpgradeStatusAsync(int port, string panel, string token)
    {
        var client = Open(token);
        client.Options.CollectHttpResponseDetails = true;
        await using var socket = new SoakSocket(client);
        using var limit = new CancellationTokenSource(ReadLimit);
        try
        {
            await client.ConnectAsync(Address(port, panel), limit.Token);
        }
        catch (WebSocketException) when (client.HttpStatusCode != 0)
        {
            return (int)client.HttpStatusCode;
        }
        return 101;
    }

    public Task SendAsync(string json) => _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message, or null once the server has closed (see <see cref="ClosedWith"/>). Throws after
    /// <paramref name="limit"/> (default <see cref="ReadLimit"/>) without a message; the socket is then aborted.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? limit = null)
    {
        using var timeout = new CancellationTokenSource(limit ?? ReadLimit);
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_buffer.AsMemory(length), timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"no message within {(limit ?? ReadLimit).TotalSeconds:F0} s");
            }
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (!result.EndOfMessage) continue;
            using var message = JsonDocument.Parse(_buffer.AsMemory(0, length));
            return message.RootElement.Clone();
        }
    }

    /// <summary>Starts our side of the closing handshake; the reader then sees the server's close.</summary>
    public Task CloseOutputAsync() => _socket.State == WebSocketState.Open
        ? _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None)
        : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }

    private static ClientWebSocket Open(string token)
    {
        var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Authorization", "Bearer " + token);
        return client;
    }

    private static Uri Address(int port, string panel) => new($"ws://127.0.0.1:{port}/panels/{panel}/ws");
}
