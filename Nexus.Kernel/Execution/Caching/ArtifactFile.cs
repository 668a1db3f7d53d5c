using Wasmtime;
using Module = Wasmtime.Module;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// Loads a verified artifact from the file it was verified through. Wasmtime maps the file rather than taking a copy:
/// QuickJS's 2.4 MiB of compiled code are then clean pages of the page cache (reclaimable, and shared by kernels that
/// map the same file) instead of private anonymous memory, and start-up no longer copies the artifact twice (into a
/// managed array, then into Wasmtime's code memory). The mapping lasts as long as the module.
/// </summary>
internal static class ArtifactFile
{
    private const string OpenFiles = "/proc/self/fd";

    public static Module Load(Engine engine, string name, FileStream verified)
    {
        // The open file by its descriptor, not the path: a file renamed over the path since the check is not the
        // one mapped. Without /proc (not Linux), the bytes are read through the same handle instead.
        var descriptor = $"{OpenFiles}/{verified.SafeFileHandle.DangerousGetHandle()}";
        if (Directory.Exists(OpenFiles)) return Module.DeserializeFile(engine, name, descriptor);
        verified.Position = 0;
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)verified.Length));
        verified.ReadExactly(bytes);
        return Module.Deserialize(engine, name, bytes);
    }
}
