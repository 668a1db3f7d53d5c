namespace Nexus.Kernel.Execution.Caching;

/// <summary>The file operations of the disk tier: atomic writes, best-effort touch and delete.</summary>
internal sealed partial class DiskTier
{
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
