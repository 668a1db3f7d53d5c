using Wasmtime;

namespace Nexus.Kernel.Execution.Caching;

/// <summary>
/// Compiled modules in memory, least recently used first out, bounded by the total size of their serialized
/// artifacts (CACHE_MAX_MB). Evicting only drops the cache's reference: tools already compiled keep their module.
/// </summary>
internal sealed class MemoryTier(long maxBytes)
{
    private readonly LinkedList<(string Key, Module Module, long Bytes)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, Module Module, long Bytes)>> _index = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _bytes;

    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    public int Count
    {
        get { lock (_lock) return _index.Count; }
    }

    public bool TryGet(string key, out Module module)
    {
        lock (_lock)
        {
            if (_index.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                module = node.Value.Module;
                return true;
            }
        }
        module = null!;
        return false;
    }

    public void Add(string key, Module module, long bytes)
    {
        // An artifact larger than the whole tier would only flush everything else out.
        if (bytes > maxBytes) return;
        lock (_lock)
        {
            if (_index.ContainsKey(key)) return;
            _index[key] = _order.AddFirst((key, module, bytes));
            _bytes += bytes;
            while (_bytes > maxBytes && _order.Last is { } oldest)
            {
                _order.RemoveLast();
                _index.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Bytes;
            }
        }
    }

    /// <summary>Disposes every module held, for an engine that is gone: a module loaded from disk maps its artifact,
    /// and that mapping (and the file system under it) is released now rather than at finalization.</summary>
    public void DisposeAll()
    {
        lock (_lock)
        {
            foreach (var (_, module, _) in _order) module.Dispose();
            _order.Clear();
            _index.Clear();
            _bytes = 0;
        }
    }
}
