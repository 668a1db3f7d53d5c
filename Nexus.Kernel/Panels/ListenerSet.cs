namespace Nexus.Kernel.Panels;

/// <summary>
/// A panel's listeners, used only under the panel's lock. Adding is amortised O(1) (a copy-on-write array made
/// 10,000 subscribers cost 400 MB of garbage arrays, much of it promoted before it died). A removal while a
/// notification runs (the same thread, re-entering the lock) swaps in a fresh array, so the running loop sees
/// exactly the listeners it started with.
/// </summary>
internal sealed class ListenerSet
{
    private IPanelListener[] _items = [];
    private int _count;
    private int _notifying;

    public void Add(IPanelListener listener)
    {
        if (_count == _items.Length) Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
        _items[_count++] = listener;
    }

    public void Remove(IPanelListener listener)
    {
        var index = Array.IndexOf(_items, listener, 0, _count);
        if (index < 0) return;
        if (_notifying > 0) _items = (IPanelListener[])_items.Clone();
        Array.Copy(_items, index + 1, _items, index, _count - index - 1);
        _items[--_count] = null!;
        if (_items.Length > 16 && _count < _items.Length / 4) Array.Resize(ref _items, _items.Length / 2);
    }

    /// <summary>Empties the set; the listeners it had, for notifying outside the lock.</summary>
    public IPanelListener[] TakeAll()
    {
        var all = _items.AsSpan(0, _count).ToArray();
        _items = [];
        _count = 0;
        return all;
    }

    public void Notify<TArgument>(TArgument argument, Action<IPanelListener, TArgument> notify)
    {
        var items = _items;
        var count = _count;
        _notifying++;
        try
        {
            for (var i = 0; i < count; i++) notify(items[i], argument);
        }
        finally
        {
            _notifying--;
        }
    }
}
