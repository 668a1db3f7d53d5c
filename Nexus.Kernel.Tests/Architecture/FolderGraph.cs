using System.Reflection.PortableExecutable;

namespace Nexus.Kernel.Tests.Architecture;

/// <summary>
/// Which folder of the service uses which, from the compiled service assembly, among the subfolders of one parent
/// folder: the top-level folders (parent: the service itself), or e.g. <c>Execution/JavaScript</c>,
/// <c>Execution/Wasm</c> and <c>Execution</c>'s own files (parent: <c>Execution</c>). A type's folder is read from
/// its namespace (namespaces follow folders, checked separately); a type deeper down counts as its subfolder of
/// the parent, and the parent's own types are the node "(root)" (for the service, the composition root).
/// Types outside the parent are left out, as are generated types outside the service's namespaces (the regex and
/// request-delegate generators' output).
/// </summary>
internal sealed class FolderGraph
{
    private const string Service = "Nexus.Kernel";

    private readonly string _parent;

    private FolderGraph(string parent) => _parent = parent;

    /// <summary>folder → folder it uses → one example "Type → Type" reference, for the failure message.</summary>
    public Dictionary<string, SortedDictionary<string, string>> Edges { get; } = [];

    /// <summary>The top-level folders.</summary>
    public static FolderGraph Of(string assemblyPath) => Within(assemblyPath, "");

    /// <summary>The subfolders of <paramref name="parent"/> (a folder path such as "Execution" or
    /// "Panels/Redis"; "" for the top level) and the parent's own files.</summary>
    public static FolderGraph Within(string assemblyPath, string parent)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var references = new TypeReferences(pe);
        var graph = new FolderGraph(parent);
        foreach (var type in references.Reader.TypeDefinitions)
        {
            if (graph.FolderOf(references.NamespaceOf(type)) is not { } from) continue;
            foreach (var used in references.UsedBy(type))
            {
                if (graph.FolderOf(references.NamespaceOf(used)) is not { } to || to == from) continue;
                if (!graph.Edges.TryGetValue(from, out var targets)) graph.Edges[from] = targets = [];
                targets.TryAdd(to, references.NameOf(type) + " → " + references.NameOf(used));
            }
        }
        return graph;
    }

    /// <summary>Every folder of the service that has subfolders ("" for the service itself), from the namespaces
    /// of the assembly's types.</summary>
    public static IReadOnlyList<string> ParentsIn(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var references = new TypeReferences(pe);
        var folders = references.Reader.TypeDefinitions
            .Select(references.NamespaceOf)
            .Where(ns => ns == Service || ns.StartsWith(Service + ".", StringComparison.Ordinal))
            .Select(ns => ns == Service ? [] : ns[(Service.Length + 1)..].Split('.'))
            .ToList();
        // Every proper prefix of a folder path is a parent (it may have no types of its own).
        return [.. folders
            .SelectMany(path => Enumerable.Range(0, path.Length).Select(depth => string.Join('/', path[..depth])))
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }

    private string? FolderOf(string ns)
    {
        var prefix = _parent.Length == 0 ? Service : Service + "." + _parent.Replace('/', '.');
        if (ns == prefix) return "(root)";
        return ns.StartsWith(prefix + ".", StringComparison.Ordinal) ? ns[(prefix.Length + 1)..].Split('.')[0] : null;
    }

    /// <summary>A path a → … → a if the graph has one, else null.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var start in Edges.Keys.Order())
        {
            if (Visit(start, path, done) is { } cycle) return cycle;
        }
        return null;
    }

    private List<string>? Visit(string folder, List<string> path, HashSet<string> done)
    {
        if (path.IndexOf(folder) is var at and >= 0) return [.. path[at..], folder];
        if (done.Contains(folder)) return null;
        path.Add(folder);
        foreach (var next in Edges.GetValueOrDefault(folder)?.Keys ?? Enumerable.Empty<string>())
        {
            if (Visit(next, path, done) is { } cycle) return cycle;
        }
        path.RemoveAt(path.Count - 1);
        done.Add(folder);
        return null;
    }

    public string Describe(IReadOnlyList<string> cycle) => string.Join("\n",
        cycle.Zip(cycle.Skip(1), (a, b) => $"{PathOf(a)} → {PathOf(b)}  (e.g. {Edges[a][b]})"));

    private string PathOf(string folder) =>
        _parent.Length == 0 ? folder : folder == "(root)" ? _parent + " (own files)" : _parent + "/" + folder;
}
