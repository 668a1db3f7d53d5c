namespace Nexus.Kernel.Execution.Caching;

/// <summary>Keeping the directory under CACHE_DISK_MAX_MB (which should sit below the volume's own size limit).</summary>
internal sealed partial class DiskTier
{
    /// <summary>Deletes least recently used artifacts (with their seals) until <paramref name="incoming"/> more bytes fit.</summary>
    private void EvictFor(long incoming, string keepKey)
    {
        var files = Entries().ToList();
        var used = files.Sum(static file => file.Length);
        if (used + incoming <= _maxBytes) return;
        var artifacts = files
            .Where(static file => file.Extension == ArtifactExtension)
            .OrderBy(static file => file.LastWriteTimeUtc)
            .ToList();
        foreach (var artifact in artifacts)
        {
            if (used + incoming <= _maxBytes) break;
            var key = Path.GetFileNameWithoutExtension(artifact.Name);
            if (key == keepKey) continue;
            var seal = new FileInfo(PathOf(key, SealExtension));
            used -= artifact.Length + (seal.Exists ? seal.Length : 0);
            Delete(artifact.FullName);
            Delete(seal.FullName);
            Log.Evicted(_logger, CacheKey.Short(key), artifact.Length);
        }
        // Seals without an artifact (a crash between the two deletes) are dead weight.
        if (used + incoming > _maxBytes)
        {
            foreach (var orphan in files.Where(file => file.Extension == SealExtension
                && !File.Exists(Path.ChangeExtension(file.FullName, ArtifactExtension))))
            {
                Delete(orphan.FullName);
            }
        }
    }

    private IEnumerable<FileInfo> Entries()
    {
        try
        {
            return new DirectoryInfo(_directory).EnumerateFiles().Where(static file =>
                file.Extension is ArtifactExtension or SealExtension or TempExtension).ToList();
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            return [];
        }
    }
}
