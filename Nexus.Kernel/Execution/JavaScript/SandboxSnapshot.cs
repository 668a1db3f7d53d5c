namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// An initialized QuickJS VM with the guest prelude loaded: its whole linear memory plus the one mutable global
/// (<c>__stack_pointer</c>). The JSValue pointers below live inside that memory, so they are valid in every
/// sandbox restored from it.
/// </summary>
internal sealed record SandboxSnapshot(byte[] Memory, int StackPointer, int RuntimePtr, int ContextPtr, PreludeEntryPoints Entry)
{
    public const int PageSize = 65536;

    /// <summary>The same memory as a file sandboxes map copy-on-write; null where the platform refuses it.</summary>
    public CopyOnWriteImage? Image { get; init; }
}

/// <summary>Pointers to the prelude's functions and a few scratch values, captured when the snapshot is made.</summary>
internal sealed record PreludeEntryPoints(int Start, int Poll, int Flush, int Settle, int Describe, int Undefined, int Scratch);
