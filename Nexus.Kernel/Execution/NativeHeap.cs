using System.Runtime.InteropServices;

namespace Nexus.Kernel.Execution;

/// <summary>
/// Compiling QuickJS with Cranelift allocates tens of MB through glibc malloc and frees them again, but glibc keeps
/// freed memory in its arenas: an idle kernel would hold ~25 MB it never uses. Trimming once after start-up gives it
/// back (measured: idle RSS 94 MB → 68 MB). Elsewhere than glibc the call is simply absent.
/// </summary>
internal static class NativeHeap
{
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc (e.g. musl): nothing to trim this way
        }
    }

    // Blittable signature: no marshalling, so DllImport needs no unsafe code and is AOT-safe.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
