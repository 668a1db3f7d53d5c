using Wasmtime;
using Module = Wasmtime.Module;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// Loads a verified artifact from the file it was verified through. Wasmtime maps the file rather than taking a copy:
/// QuickJS's 2.4 MiB of compiled code are then clean pages of the page cache (reclaimable, and shared by kernels that
/// map the same file) instead of private anonymous memory, and start-up no longer copies the artifact twice (into a
/// managed array, then into Wasmtime's code memory). The mapping lasts as long as the module. Where the file cannot
/// be mapped executable (CACHE_DIR on a <c>noexec</c> mount, as Docker's <c>--tmpfs</c> makes by default) or there
/// is no <c>/proc</c>, the bytes are read through the same handle and copied instead.
/// </summary>
internal static class ArtifactFile
{
    private const string OpenFiles = "/proc/self/fd";

    public static Module Load(Engine engine, string name, FileStream verified)
    {
        if (Directory.Exists(OpenFiles))
        {
            try
            {
                // The open file by its descriptor, not the path: a file renamed over the path since the check is not
                // the one mapped.
                return Module.DeserializeFile(engine, name, $"{OpenFiles}/{verified.SafeFileHandle.DangerousGetHandle()}");
            }
            catch (WasmtimeException)
            {
                // Refused executable pages (noexec) or a bad artifact: the copy below tells them apart, since a bad
                // artifact fails there too and is rejected by the caller.
            }
        }
        verified.Position = 0;
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)verified.Length));
        verified.ReadExactly(bytes);
        return Module.Deserialize(engine, name, bytes);
    }
}
