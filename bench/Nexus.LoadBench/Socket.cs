using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Nexus.LoadBench;

/// <summary>A bench client: one ClientWebSocket, whole-message JSON reads (a small buffer that grows as needed, so
/// thousands of idle clients stay cheap for the bench process).</summary>
internal sealed class Socket(ClientWebSocket socket) : IAsyncDisposable
{
    private byte[] _buffer = new byte[4 * 1024];

    public static async Task<Socket> ConnectAsync(KernelUnderTest kernel, string panel)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + KernelUnderTest.Token());
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{kernel.WsPort}/panels/{panel}/ws"), CancellationToken.None);
        var client = new Socket(socket);
        await client.ReceiveAsync(); // CONNECTED
        return client;
    }

    /// <summary>Connects to <c>ws://127.0.0.1:{port}/panels/{panel}/ws?token=</c> (the kernel's or the baseline's port)
    /// and reads the CONNECTED message.</summary>
    public static async Task<Socket> ConnectAsync(int port, string panel, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/panels/{panel}/ws?token={KernelUnderTest.Token()}"), cancellationToken);
            var client = new Socket(socket);
            var connected = await client.ReceiveAsync().WaitAsync(cancellationToken);
            if (connected.GetProperty("type").GetString() != "CONNECTED") throw new InvalidOperationException("first message is not CONNECTED: " + connected);
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public Task SendAsync(string json) => socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<JsonElement> ReceiveAsync()
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("closed");
            length += result.Count;
            if (!result.EndOfMessage && length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            if (result.EndOfMessage) return JsonDocument.Parse(_buffer.AsMemory(0, length)).RootElement;
        }
    }

    public async Task<JsonElement> ReceiveTypeAsync(string type)
    {
        while (true)
        {
            var message = await ReceiveAsync();
            if (message.GetProperty("type").GetString() == type) return message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException)
        {
        }
        socket.Dispose();
    }
}
