namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// Artifacts under CACHE_DIR: <c>{key}.cwasm</c> plus its <c>{key}.seal</c> (<see cref="ArtifactSeal"/>). Files are
/// written to a temp name in the same directory, fsynced and renamed, artifact first and seal last, so a seal
/// only ever names a complete artifact. Loads open the file once, verify it through that handle and have Wasmtime
/// map the same open file (<see cref="ArtifactFile"/>): the path is never resolved again after the check. Least
/// recently used artifacts (by mtime, touched on every hit) are deleted to stay under CACHE_DISK_MAX_MB. Any write
/// failure (read-only, full, missing) switches the tier to read-only for the rest of the process, with one warning.
/// </summary>
internal sealed partial class DiskTier
{
    private const string ArtifactExtension = ".cwasm";
    private const string SealExtension = ".seal";
    private const string TempExtension = ".tmp";

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Lock _writeLock = new();
    private int _writable = 1;

    public DiskTier(string directory, long maxBytes, ILogger logger)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _logger = logger;
        try
        {
            Directory.CreateDirectory(directory);
            // Temp files of a process that died mid-write are never loaded; they only take space.
            foreach (var temp in Directory.EnumerateFiles(directory, "*" + TempExtension)) File.Delete(temp);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            Degrade(exception);
        }
    }

    /// <summary>False once a write failed: the kernel serves from memory only.</summary>
    public bool Writable => Volatile.Read(ref _writable) == 1;

    /// <summary>Verifies and loads an artifact through one open file. A file that fails verification is deleted.</summary>
    public DiskLoad TryLoad(string key, ArtifactLoader load)
    {
        var artifactPath = PathOf(key, ArtifactExtension);
        var sealPath = PathOf(key, SealExtension);
        FileStream artifact;
        string? seal;
        try
        {
            if (!File.Exists(artifactPath)) return DiskLoad.Miss;
            artifact = new FileStream(artifactPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            return DiskLoad.Miss;
        }
        string? reason;
        using (artifact)
        {
            try
            {
                seal = File.Exists(sealPath) ? File.ReadAllText(sealPath) : null;
                // The file checked is the file loaded: the loader gets this open file, never the path again.
                reason = seal is null ? CacheRejectReason.Seal : ArtifactSeal.Check(key, seal, artifact);
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                return DiskLoad.Miss;
            }
            if (reason is null)
            {
                try
                {
                    var module = load(artifact);
                    Touch(artifactPath);
                    return new DiskLoad(module, artifact.Length, null);
                }
                catch (Wasmtime.WasmtimeException)
                {
                    reason = CacheRejectReason.Load;
                }
            }
        }
        Delete(artifactPath);
        Delete(sealPath);
        return new DiskLoad(null, 0, reason);
    }

    /// <summary>Stores an artifact, evicting least recently used ones first so the tier never exceeds its bound.</summary>
    public void Store(string key, byte[] artifact)
    {
        if (!Writable) return;
        var seal = System.Text.Encoding.ASCII.GetBytes(ArtifactSeal.Create(key, artifact));
        var needed = artifact.LongLength + seal.LongLength;
        if (needed > _maxBytes) return;
        lock (_writeLock)
        {
            try
            {
                EvictFor(needed, key);
                // A stale seal must not meet the new artifact halfway: remove it before replacing the artifact.
                Delete(PathOf(key, SealExtension));
                WriteAtomically(PathOf(key, ArtifactExtension), artifact);
                WriteAtomically(PathOf(key, SealExtension), seal);
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                Delete(PathOf(key, ArtifactExtension));
                Delete(PathOf(key, SealExtension));
                Degrade(exception);
            }
        }
    }

    private string PathOf(string key, string extension) => Path.Combine(_directory, key + extension);

    private void Degrade(Exception exception)
    {
        if (Interlocked.Exchange(ref _writable, 0) == 1) Log.DiskDisabled(_logger, _directory, exception.Message);
    }

    private static bool IsStorageFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;
}

/// <summary>Turns a verified artifact, still open, into a module (<see cref="ArtifactFile.Load"/>).</summary>
internal delegate Wasmtime.Module ArtifactLoader(FileStream verified);

/// <summary>A disk look-up: a module, a miss (both null), or a rejected artifact (<see cref="Rejected"/> names why).</summary>
internal sealed record DiskLoad(Wasmtime.Module? Module, long Bytes, string? Rejected)
{
    public static DiskLoad Miss { get; } = new(null, 0, null);
}
