using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Nexus.Kernel.Tests.Support;

/// <summary>A real <see cref="ClientWebSocket"/> with helpers to send JSON and read whole JSON messages.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private WsClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<WsClient> ConnectAsync(int port, string panelId, string? token, bool tokenInQuery = false)
    {
        var socket = new ClientWebSocket();
        var uri = $"ws://127.0.0.1:{port}/panels/{panelId}/ws";
        if (token is not null)
        {
            if (tokenInQuery) uri += "?token=" + Uri.EscapeDataString(token);
            else socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri(uri), CancellationToken.None);
        return new WsClient(socket);
    }

    /// <summary>The HTTP status of a refused upgrade.</summary>
    public static async Task<int> RefusalStatusAsync(int port, string panelId, string? token, bool tokenInQuery = false)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = $"ws://127.0.0.1:{port}/panels/{panelId}/ws";
        if (token is not null)
        {
            if (tokenInQuery) uri += "?token=" + Uri.EscapeDataString(token);
            else socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }
        try
        {
            await socket.ConnectAsync(new Uri(uri), CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return (int)socket.HttpStatusCode;
        }
        throw new InvalidOperationException("the upgrade was accepted");
    }

    public Task SendAsync(string json) => Socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next whole message as JSON, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? wait = null) =>
        await ReceiveBytesAsync(wait) is { } message ? JsonDocument.Parse(message).RootElement.Clone() : null;

    /// <summary>The next whole message as the text it arrived as, or null when the server closed the socket.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan? wait = null) =>
        await ReceiveBytesAsync(wait) is { } message ? Encoding.UTF8.GetString(message) : null;

    private async Task<byte[]?> ReceiveBytesAsync(TimeSpan? wait)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return message.ToArray();
        }
    }

    /// <summary>Reads until a message of <paramref name="type"/> arrives; returns it and everything read before it.</summary>
    public async Task<(JsonElement Match, List<JsonElement> Before)> ReceiveUntilAsync(string type, TimeSpan? wait = null)
    {
        var before = new List<JsonElement>();
        while (true)
        {
            var message = await ReceiveAsync(wait) ?? throw new InvalidOperationException($"closed before {type}; got {before.Count} messages");
            if (message.GetProperty("type").GetString() == type) return (message, before);
            before.Add(message);
        }
    }

    /// <summary>Reads (and drops) messages until the server's close frame; returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync(TimeSpan? wait = null)
    {
        while (await ReceiveAsync(wait) is not null)
        {
        }
        return Socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
            }
        }
        Socket.Dispose();
    }
}
