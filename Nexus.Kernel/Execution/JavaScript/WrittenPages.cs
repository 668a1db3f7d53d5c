using Microsoft.Win32.SafeHandles;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// Which pages of a <see cref="CopyOnWriteImage"/> mapping the guest wrote, from <c>/proc/self/pagemap</c>: a page
/// still backed by the image file was never written; a page the kernel copied on write is anonymous. Reading the
/// page flags needs no privilege (only the frame numbers do, and they are not used).
/// </summary>
internal static class WrittenPages
{
    private const ulong Present = 1UL << 63, Swapped = 1UL << 62, FileBacked = 1UL << 61;
    private static readonly Lazy<SafeFileHandle?> PageMap = new(Open);

    public static int PageSize { get; } = Environment.SystemPageSize;

    public static bool Available => PageMap.Value is not null;

    /// <summary>Fills one entry per page of <c>[address, address + entries.Length pages)</c>; false if the map cannot be read.</summary>
    public static bool TryRead(nint address, Span<ulong> entries)
    {
        if (PageMap.Value is not { } map) return false;
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(entries);
        try
        {
            return RandomAccess.Read(map, bytes, address / PageSize * sizeof(ulong)) == bytes.Length;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>True when the page may differ from the image: copied on write (or swapped out, which only a copy can be).</summary>
    public static bool MayDiffer(ulong entry) => (entry & FileBacked) == 0 && (entry & (Present | Swapped)) != 0;

    private static SafeFileHandle? Open()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return File.OpenHandle("/proc/self/pagemap", FileMode.Open, FileAccess.Read);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
