namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// An initialized QuickJS VM with the guest prelude loaded: its whole linear memory plus the one mutable global
/// (<c>__stack_pointer</c>). The JSValue pointers below live inside that memory, so they are valid in every
/// sandbox restored from it.
/// </summary>
/// <remarks>
/// The memory is kept once: in the copy-on-write image when the platform allows one (sandboxes map it, resets read
/// their pristine pages from it), else in a managed copy. Keeping both cost a resident 2.9 MiB array for nothing.
/// </remarks>
internal sealed class SandboxSnapshot
{
    public const int PageSize = 65536;

    private readonly byte[]? _copy;

    private SandboxSnapshot(CopyOnWriteImage? image, byte[]? copy, int length, int stackPointer, int runtimePtr, int contextPtr, PreludeEntryPoints entry)
    {
        (Image, _copy, Length, StackPointer, RuntimePtr, ContextPtr, Entry) = (image, copy, length, stackPointer, runtimePtr, contextPtr, entry);
    }

    /// <summary>The memory as a file sandboxes map copy-on-write; null where the platform refuses it.</summary>
    public CopyOnWriteImage? Image { get; }

    public int Length { get; }

    public int StackPointer { get; }

    public int RuntimePtr { get; }

    public int ContextPtr { get; }

    public PreludeEntryPoints Entry { get; }

    /// <summary>The snapshot's bytes: a read-only view of the image, or the managed copy.</summary>
    public ReadOnlySpan<byte> Pristine => Image is { } image ? image.Pristine : _copy;

    /// <summary>Captures <paramref name="memory"/> (the live memory of the VM just initialized).</summary>
    public static SandboxSnapshot Capture(ReadOnlySpan<byte> memory, int stackPointer, int runtimePtr, int contextPtr, PreludeEntryPoints entry)
    {
        var image = CopyOnWriteImage.TryCreate(memory);
        return new SandboxSnapshot(image, image is null ? memory.ToArray() : null, memory.Length, stackPointer, runtimePtr, contextPtr, entry);
    }
}

/// <summary>Pointers to the prelude's functions and a few scratch values, captured when the snapshot is made.</summary>
internal sealed record PreludeEntryPoints(int Start, int Step, int Settle, int Describe, int Undefined, int Scratch);
