using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Nexus.Kernel.Tests.Support;

/// <summary>A WebSocket spoken by hand over <see cref="RawHttp"/>: any header, any declared length, any opcode.</summary>
internal static class RawWebSocket
{
    public static async Task<RawHttp> OpenAsync(int port, string panelId, string token)
    {
        var raw = await RawHttp.ConnectAsync(port);
        await raw.SendAsync($"GET /panels/{panelId}/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n");
        var response = await raw.ReadResponseAsync();
        if (response.Status != 101) throw new InvalidOperationException($"upgrade answered {response.Status}: {response.Body}");
        return raw;
    }

    /// <summary>A client frame: masked (as RFC 6455 requires) unless told otherwise; the length field is what the payload is.</summary>
    public static byte[] Frame(int opcode, byte[] payload, bool fin = true, bool masked = true)
    {
        var header = Header(opcode, payload.Length, fin, masked);
        if (!masked) return [.. header, .. payload];
        var key = RandomNumberGenerator.GetBytes(4);
        var body = new byte[payload.Length];
        for (var i = 0; i < payload.Length; i++) body[i] = (byte)(payload[i] ^ key[i % 4]);
        return [.. header, .. key, .. body];
    }

    /// <summary>Only the first bytes of a header: FIN/opcode, mask bit, and a declared length in the shortest form that holds it.</summary>
    public static byte[] Header(int opcode, long declaredLength, bool fin = true, bool masked = true)
    {
        var first = (byte)((fin ? 0x80 : 0) | opcode);
        var mask = masked ? 0x80 : 0;
        if (declaredLength < 126) return [first, (byte)(mask | (int)declaredLength)];
        if (declaredLength <= ushort.MaxValue)
        {
            var two = new byte[4] { first, (byte)(mask | 126), 0, 0 };
            BinaryPrimitives.WriteUInt16BigEndian(two.AsSpan(2), (ushort)declaredLength);
            return two;
        }
        var eight = new byte[10];
        eight[0] = first;
        eight[1] = (byte)(mask | 127);
        BinaryPrimitives.WriteUInt64BigEndian(eight.AsSpan(2), (ulong)declaredLength);
        return eight;
    }

    /// <summary>The next server frame (servers do not mask), or null when the connection ended.</summary>
    public static async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync(this RawHttp raw, CancellationToken cancel)
    {
        try
        {
            var head = await raw.ReadExactlyAsync(2, cancel);
            long length = head[1] & 0x7F;
            if (length == 126) length = BinaryPrimitives.ReadUInt16BigEndian(await raw.ReadExactlyAsync(2, cancel));
            else if (length == 127) length = (long)BinaryPrimitives.ReadUInt64BigEndian(await raw.ReadExactlyAsync(8, cancel));
            return (head[0] & 0x0F, await raw.ReadExactlyAsync((int)length, cancel));
        }
        catch (Exception error) when (error is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    /// <summary>Reads frames until a close frame (its status code), or null when the connection ended without one.</summary>
    public static async Task<int?> ReadCloseStatusAsync(this RawHttp raw, CancellationToken cancel)
    {
        while (await raw.ReadFrameAsync(cancel) is { } frame)
        {
            if (frame.Opcode == 8) return frame.Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(frame.Payload) : 1005;
        }
        return null;
    }

    /// <summary>Reads text frames until one whose JSON <c>type</c> is <paramref name="type"/>.</summary>
    public static async Task<string> ReadTextOfTypeAsync(this RawHttp raw, string type, CancellationToken cancel)
    {
        while (await raw.ReadFrameAsync(cancel) is { } frame)
        {
            var text = Encoding.UTF8.GetString(frame.Payload);
            if (frame.Opcode == 1 && text.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal)) return text;
            if (frame.Opcode == 8) throw new InvalidOperationException($"closed while waiting for {type}");
        }
        throw new InvalidOperationException($"connection ended while waiting for {type}");
    }
}
