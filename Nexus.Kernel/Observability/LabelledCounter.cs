using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Nexus.Kernel.Observability;

/// <summary>
/// Counts per label value with one dictionary look-up and an interlocked add; exported at scrape time. Label
/// values must come from a small fixed set (codes, reasons, directions), never from panel ids or subjects.
/// </summary>
internal sealed class LabelledCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counts = new(StringComparer.Ordinal);

    public void Increment(string label, long by = 1) =>
        Interlocked.Add(ref _counts.GetOrAdd(label, static _ => new StrongBox<long>()).Value, by);

    /// <summary>For values counted elsewhere and copied in at scrape time.</summary>
    public void Set(string label, long value) =>
        Volatile.Write(ref _counts.GetOrAdd(label, static _ => new StrongBox<long>()).Value, value);

    public long this[string label] => _counts.TryGetValue(label, out var box) ? Volatile.Read(ref box.Value) : 0;

    public IEnumerable<KeyValuePair<string, long>> Snapshot()
    {
        foreach (var (label, box) in _counts) yield return new(label, Volatile.Read(ref box.Value));
    }
}
