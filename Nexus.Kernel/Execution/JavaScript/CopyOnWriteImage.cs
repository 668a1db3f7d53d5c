using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// The snapshot's memory in an anonymous in-memory file (<c>memfd</c>), mapped privately over each sandbox's linear
/// memory. Restoring a sandbox then copies nothing: every page starts as the shared snapshot page, the kernel copies
/// a page only when the guest writes it, and <see cref="WrittenPages"/> tells a reset exactly which pages those are,
/// so a reset compares a handful of pages instead of the whole 2.9 MiB. Where memfd or a fixed mapping is refused
/// (not Linux, a seccomp profile), <see cref="TryCreate"/> or <see cref="TryMapOver"/> says so and the sandbox copies
/// and compares the snapshot as before.
/// Resets read the pristine bytes through one read-only shared view of the file, so the process holds the snapshot
/// once (it used to keep a managed copy as well).
/// </summary>
internal sealed class CopyOnWriteImage : IDisposable
{
    private const int ProtRead = 1, ProtWrite = 2, MapShared = 1, MapPrivate = 2, MapFixed = 0x10;
    private static readonly nint MapFailed = -1;
    private static readonly byte[] Name = "nexus-sandbox-snapshot\0"u8.ToArray();

    private readonly SafeFileHandle _file;
    private readonly nint _view;
    private int _disposed;

    private CopyOnWriteImage(SafeFileHandle file, nint view, int length)
    {
        _file = file;
        _view = view;
        Length = length;
    }

    public int Length { get; }

    // Valid until Dispose, which the engine calls only after its workers stopped (so no reset is reading it).
    // Building a span over native memory needs a byte reference from an address; the project has no unsafe code,
    // so the reference is made from the address with Unsafe rather than a pointer.
    public ReadOnlySpan<byte> Pristine =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), _view), Length);

    public static CopyOnWriteImage? TryCreate(ReadOnlySpan<byte> memory)
    {
        if (!OperatingSystem.IsLinux() || !WrittenPages.Available || memory.Length % Environment.SystemPageSize != 0) return null;
        int fd;
        try
        {
            fd = MemfdCreate(ref Name[0], 0);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        if (fd < 0) return null;
        var file = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            // Every page written, zeros too: a hole would be read through the shared zero page, which the page map
            // does not report as file-backed, so every reset would compare it as if the guest had written it.
            RandomAccess.Write(file, memory, 0);
            var view = MapView(file, memory.Length);
            if (view != MapFailed) return new CopyOnWriteImage(file, view, memory.Length);
        }
        catch (IOException)
        {
            // fall through: the caller keeps a managed copy instead
        }
        file.Dispose();
        return null;
    }

    private static nint MapView(SafeFileHandle file, int length)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return Mmap(0, (nuint)length, ProtRead, MapShared, (int)file.DangerousGetHandle(), 0);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    /// <summary>Replaces <see cref="Length"/> bytes of live memory at <paramref name="address"/> with a private view of the image.</summary>
    public bool TryMapOver(nint address, long liveLength)
    {
        if (liveLength < Length || address % Environment.SystemPageSize != 0) return false;
        var added = false;
        _file.DangerousAddRef(ref added);
        try
        {
            return Mmap(address, (nuint)Length, ProtRead | ProtWrite, MapPrivate | MapFixed, (int)_file.DangerousGetHandle(), 0) == address;
        }
        finally
        {
            if (added) _file.DangerousRelease();
        }
    }

    // A mapping outlives the descriptor, so closing the image does not disturb sandboxes already mapped from it;
    // the view is this object's own and goes with it, and the file's memory is freed once no mapping is left.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _ = Munmap(_view, (nuint)Length);
        _file.Dispose();
    }

    // Blittable signatures only: no marshalling, so DllImport stays AOT-safe without unsafe code.
    [DllImport("libc", EntryPoint = "memfd_create", SetLastError = true)]
    private static extern int MemfdCreate(ref byte name, uint flags);

    [DllImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static extern int Munmap(nint address, nuint length);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);
}
