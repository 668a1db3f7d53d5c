using System.Text;

namespace Nexus.Kernel.Json;

/// <summary>
/// Follows a forward JSON read and prints where it is, as a client would write it: <c>initialState.items[2].k</c>
/// (<c>$</c> for the root). Also remembers each object's member names, to spot a duplicate.
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly List<Level> _levels = [];

    private sealed class Level(bool isObject)
    {
        public bool IsObject { get; } = isObject;
        public HashSet<string>? Names { get; } = isObject ? new HashSet<string>(StringComparer.Ordinal) : null;
        public string? Member { get; set; }
        public int Index { get; set; } = -1;
    }

    /// <summary>A value starts: in an array it takes the next index.</summary>
    public void BeforeValue()
    {
        if (_levels.Count > 0 && !_levels[^1].IsObject) _levels[^1].Index++;
    }

    public void Enter(bool isObject) => _levels.Add(new Level(isObject));

    public void Leave()
    {
        if (_levels.Count > 0) _levels.RemoveAt(_levels.Count - 1);
    }

    /// <summary>A member name in the current object; false when the object already has it.</summary>
    public bool Name(string name)
    {
        if (_levels.Count == 0 || !_levels[^1].IsObject) return true;
        var level = _levels[^1];
        level.Member = name;
        return level.Names!.Add(name);
    }

    /// <summary>The path of the object or array that holds the current member.</summary>
    public string Parent => Format(_levels.Count - 1);

    public override string ToString() => Format(_levels.Count);

    private string Format(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var level = _levels[i];
            if (level.IsObject)
            {
                if (level.Member is null) break;
                if (text.Length > 0) text.Append('.');
                text.Append(level.Member);
            }
            else
            {
                if (level.Index < 0) break;
                text.Append('[').Append(level.Index).Append(']');
            }
        }
        return text.Length == 0 ? "$" : text.ToString();
    }
}
