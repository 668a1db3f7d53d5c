namespace Nexus.Kernel.Execution.Caching;

/// <summary>The file operations of the disk tier: one read, atomic writes, best-effort touch and delete.</summary>
internal sealed partial class DiskTier
{
    // Not pooled: loads are rare (start-up, a raw wasm tool's first use), and the shared pool would keep a 4 MiB
    // array resident for the process's life after a 2.4 MiB QuickJS artifact.
    private static (byte[] Buffer, int Length) ReadWhole(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = checked((int)stream.Length);
        var buffer = GC.AllocateUninitializedArray<byte>(length);
        var read = 0;
        // A file that shrinks while being read is simply shorter than its seal says.
        while (read < length && stream.Read(buffer, read, length - read) is var n and > 0) read += n;
        return (buffer, read);
    }

    private void WriteAtomically(string path, byte[] bytes)
    {
        var temp = $"{path}.{Guid.NewGuid():N}{TempExtension}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A full disk leaves a partial temp file: remove it (and the sweep at start-up catches any we could not).
            Delete(temp);
            throw;
        }
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            // Recency is advisory; a read-only directory still serves its artifacts.
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            // Unverifiable files are never loaded, deleted or not.
        }
    }
}
