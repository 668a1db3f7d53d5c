using System.Reflection.PortableExecutable;

namespace Nexus.Kernel.Tests.Architecture;

/// <summary>
/// Which top-level folder of the service uses which, from the compiled service assembly. A type's folder is the
/// first segment of its namespace after <c>Nexus.Kernel</c> (namespaces follow folders, checked separately);
/// types of <c>Nexus.Kernel</c> itself are the composition root, "(root)". Generated types outside the service's
/// namespaces (the regex and request-delegate generators' output) are left out.
/// </summary>
internal sealed class FolderGraph
{
    private const string Service = "Nexus.Kernel";

    /// <summary>folder → folder it uses → one example "Type → Type" reference, for the failure message.</summary>
    public Dictionary<string, SortedDictionary<string, string>> Edges { get; } = [];

    public static FolderGraph Of(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var references = new TypeReferences(pe);
        var graph = new FolderGraph();
        foreach (var type in references.Reader.TypeDefinitions)
        {
            if (FolderOf(references.NamespaceOf(type)) is not { } from) continue;
            foreach (var used in references.UsedBy(type))
            {
                if (FolderOf(references.NamespaceOf(used)) is not { } to || to == from) continue;
                if (!graph.Edges.TryGetValue(from, out var targets)) graph.Edges[from] = targets = [];
                targets.TryAdd(to, references.NameOf(type) + " → " + references.NameOf(used));
            }
        }
        return graph;
    }

    public static string? FolderOf(string ns)
    {
        if (ns == Service) return "(root)";
        return ns.StartsWith(Service + ".", StringComparison.Ordinal) ? ns[(Service.Length + 1)..].Split('.')[0] : null;
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
        cycle.Zip(cycle.Skip(1), (a, b) => $"{a} → {b}  (e.g. {Edges[a][b]})"));
}
