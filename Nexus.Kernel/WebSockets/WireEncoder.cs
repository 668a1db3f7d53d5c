using System.Runtime.CompilerServices;
using System.Text.Json;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.WebSockets;

/// <summary>
/// UTF-8 frames for outbound messages. A PATCH or EVENT is encoded once per change and shared by every
/// connection it fans out to (weakly cached on the change itself).
/// </summary>
internal static class WireEncoder
{
    private static readonly ConditionalWeakTable<PanelPatch, byte[]> Patches = new();
    private static readonly ConditionalWeakTable<EmittedEvent, byte[]> Events = new();

    public static byte[] Patch(PanelPatch patch) => Patches.GetValue(patch, static p =>
        JsonSerializer.SerializeToUtf8Bytes(new PatchMessage(p.Mutations, p.Version), KernelJsonContext.Default.PatchMessage));

    public static byte[] Event(EmittedEvent emitted) => Events.GetValue(emitted, static e =>
        JsonSerializer.SerializeToUtf8Bytes(new EventMessage(e), KernelJsonContext.Default.EventMessage));

    public static byte[] Connected(ConnectedMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, KernelJsonContext.Default.ConnectedMessage);

    public static byte[] Result(ResultMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, KernelJsonContext.Default.ResultMessage);

    public static byte[] Progress(ProgressMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, KernelJsonContext.Default.ProgressMessage);

    public static byte[] Error(ErrorMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, KernelJsonContext.Default.ErrorMessage);

    public static byte[] Pong(PongMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, KernelJsonContext.Default.PongMessage);
}
