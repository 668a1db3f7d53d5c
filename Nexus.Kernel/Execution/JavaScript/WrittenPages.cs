using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// Which pages of a <see cref="CopyOnWriteImage"/> mapping the guest wrote, from <c>/proc/self/pagemap</c>: a page
/// still backed by the image file was never written; a page the kernel copied on write is anonymous. Reading the
/// page flags needs no privilege (only the frame numbers do, and they are not used).
/// Linux 6.7 and later answer the question directly (<c>PAGEMAP_SCAN</c>): one call returns just the written ranges,
/// where reading the map returns 8 bytes for every page of the memory for the caller to sift through.
/// </summary>
internal static class WrittenPages
{
    private const ulong Present = 1UL << 63, Swapped = 1UL << 62, FileBacked = 1UL << 61;
    private static readonly Lazy<SafeFileHandle?> PageMap = new(Open);
    private static readonly Lazy<bool> ScanSupported = new(ProbeScan);

    public static int PageSize { get; } = Environment.SystemPageSize;

    public static bool Available => PageMap.Value is not null;

    /// <summary>Whether <see cref="TryScan"/> works here (the kernel knows <c>PAGEMAP_SCAN</c>).</summary>
    public static bool ScanAvailable => ScanSupported.Value;

    /// <summary>Fills one entry per page of <c>[address, address + entries.Length pages)</c>; false if the map cannot be read.</summary>
    public static bool TryRead(nint address, Span<ulong> entries)
    {
        if (PageMap.Value is not { } map) return false;
        var bytes = MemoryMarshal.AsBytes(entries);
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

    /// <summary>
    /// The ranges of <c>[start, end)</c> that may differ from the image (the same test as <see cref="MayDiffer"/>),
    /// adjacent pages merged, into <paramref name="ranges"/> (a pinned array). Returns how many were written, or -1
    /// when the scan failed; <paramref name="scanned"/> is where the kernel stopped: before <paramref name="end"/>
    /// when the array filled up, and the caller scans again from there.
    /// </summary>
    public static int TryScan(nint start, nint end, PageRange[] ranges, out nint scanned)
    {
        scanned = start;
        if (PageMap.Value is not { } map) return -1;
        var arguments = new ScanArguments
        {
            Size = (ulong)Unsafe.SizeOf<ScanArguments>(),
            Start = (ulong)start,
            End = (ulong)end,
            Vector = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(ranges, 0),
            VectorLength = (ulong)ranges.Length,
            // Not file-backed, and present or swapped: the categories flipped by `inverted` must all be set.
            CategoryInverted = CategoryFile,
            CategoryMask = CategoryFile,
            CategoryAnyOf = CategoryPresent | CategorySwapped,
        };
        var added = false;
        map.DangerousAddRef(ref added);
        try
        {
            var count = Ioctl((int)map.DangerousGetHandle(), PageMapScan, ref arguments);
            scanned = (nint)arguments.WalkEnd;
            return count;
        }
        finally
        {
            if (added) map.DangerousRelease();
        }
    }

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

    /// <summary>A scan of one page of a range this process owns: older kernels refuse the request (ENOTTY).</summary>
    private static bool ProbeScan()
    {
        if (!Available) return false;
        var probe = GC.AllocateArray<PageRange>(1, pinned: true);
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(probe, 0) / PageSize * PageSize;
        try
        {
            return TryScan(start, start + PageSize, probe, out _) >= 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    // linux/fs.h: _IOWR('f', 16, struct pm_scan_arg) and the PAGE_IS_* categories.
    private const uint PageMapScan = 0xC0606610;
    private const ulong CategoryFile = 1 << 2, CategoryPresent = 1 << 3, CategorySwapped = 1 << 4;

    [StructLayout(LayoutKind.Sequential)]
    private struct ScanArguments
    {
        public ulong Size, Flags, Start, End, WalkEnd, Vector, VectorLength, MaxPages;
        public ulong CategoryInverted, CategoryMask, CategoryAnyOf, ReturnMask;
    }

    // Blittable signature: no marshalling, so DllImport needs no unsafe code and is AOT-safe.
    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, nuint request, ref ScanArguments arguments);
}

/// <summary>One range of pages a <c>PAGEMAP_SCAN</c> reported (<c>struct page_region</c>): <c>[Start, End)</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PageRange
{
    public ulong Start, End, Categories;
}
