using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// The snapshot's memory in an anonymous in-memory file (<c>memfd</c>), mapped privately over each sandbox's linear
/// memory. Restoring a sandbox then copies nothing: every page starts as the shared snapshot page, the kernel copies
/// a page only when the guest writes it, and <see cref="WrittenPages"/> tells a reset exactly which pages those are,
/// so a reset compares a handful of pages instead of the whole 2.9 MiB. Where memfd or a fixed mapping is refused
/// (not Linux, a seccomp profile), <see cref="TryCreate"/> or <see cref="TryMapOver"/> says so and the sandbox copies
/// and compares the snapshot as before.
/// </summary>
internal sealed class CopyOnWriteImage : IDisposable
{
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapFixed = 0x10;
    private static readonly byte[] Name = "nexus-sandbox-snapshot\0"u8.ToArray();

    private readonly SafeFileHandle _file;

    private CopyOnWriteImage(SafeFileHandle file, int length)
    {
        _file = file;
        Length = length;
    }

    public int Length { get; }

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
            RandomAccess.Write(file, memory, 0);
            return new CopyOnWriteImage(file, memory.Length);
        }
        catch (IOException)
        {
            file.Dispose();
            return null;
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

    // A mapping outlives the descriptor, so closing the image does not disturb sandboxes already mapped from it.
    public void Dispose() => _file.Dispose();

    // Blittable signatures only: no marshalling, so DllImport stays AOT-safe without unsafe code.
    [DllImport("libc", EntryPoint = "memfd_create", SetLastError = true)]
    private static extern int MemfdCreate(ref byte name, uint flags);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);
}
