using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// Outbound messages as whole WebSocket text frames (RFC 6455 §5.2): header, then the UTF-8 JSON. A server's
/// frames are unmasked, so the bytes of one PATCH or EVENT are the same for every connection it fans out to:
/// encoded once per change (weakly cached on the change itself) and written to each socket as they are.
/// </summary>
internal static class WireEncoder
{
    private const byte FinalText = 0x81;
    private static readonly ConditionalWeakTable<PanelPatch, byte[]> Patches = new();
    private static readonly ConditionalWeakTable<EmittedEvent, byte[]> Events = new();

    public static byte[] Patch(PanelPatch patch) => Patches.GetValue(patch, static p =>
        Frame(new PatchMessage(p.Mutations, p.Version), KernelJsonContext.Default.PatchMessage));

    public static byte[] Event(EmittedEvent emitted) => Events.GetValue(emitted, static e =>
        Frame(new EventMessage(e), KernelJsonContext.Default.EventMessage));

    public static byte[] Connected(ConnectedMessage message) => Frame(message, KernelJsonContext.Default.ConnectedMessage);

    public static byte[] Result(ResultMessage message) => Frame(message, KernelJsonContext.Default.ResultMessage);

    public static byte[] Progress(ProgressMessage message) => Frame(message, KernelJsonContext.Default.ProgressMessage);

    public static byte[] Error(ErrorMessage message) => Frame(message, KernelJsonContext.Default.ErrorMessage);

    public static byte[] Pong(PongMessage message) => Frame(message, KernelJsonContext.Default.PongMessage);

    /// <summary>The frame's header size: 2 bytes up to 125 payload bytes, 4 up to 65,535, 10 beyond.</summary>
    public static int HeaderLength(ReadOnlySpan<byte> frame) => (frame[1] & 0x7F) switch { 127 => 10, 126 => 4, _ => 2 };

    /// <summary>One final text frame around <paramref name="payload"/>.</summary>
    public static byte[] TextFrame(ReadOnlySpan<byte> payload)
    {
        var header = payload.Length switch { <= 125 => 2, <= ushort.MaxValue => 4, _ => 10 };
        var frame = GC.AllocateUninitializedArray<byte>(header + payload.Length);
        frame[0] = FinalText;
        switch (header)
        {
            case 2:
                frame[1] = (byte)payload.Length;
                break;
            case 4:
                frame[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
                break;
            default:
                frame[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
                break;
        }
        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }

    private static byte[] Frame<T>(T message, JsonTypeInfo<T> type) => TextFrame(JsonSerializer.SerializeToUtf8Bytes(message, type));
}
