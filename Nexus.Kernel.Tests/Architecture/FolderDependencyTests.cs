using System.Text.RegularExpressions;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Architecture;

/// <summary>
/// The service's folders form a graph without loops (docs/architecture.md): no folder uses a folder that uses it
/// back, directly or through others. Read from the compiled assembly, so references through a parent namespace,
/// in lambdas or in generated code count too.
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string ServiceAssembly = typeof(KernelApplication).Assembly.Location;

    [Test]
    public async Task No_folder_uses_a_folder_that_uses_it_back()
    {
        var graph = FolderGraph.Of(ServiceAssembly);
        var cycle = graph.FindCycle();
        await Assert.That(cycle is null ? "" : graph.Describe(cycle)).IsEqualTo("");
    }

    [Test]
    public async Task No_subfolder_uses_a_subfolder_of_the_same_folder_that_uses_it_back()
    {
        // Inside a folder the same rule holds among its subfolders and its own files (e.g. Execution/JavaScript,
        // Execution/Wasm, Execution/Host, Execution/Caching and Execution's engine).
        var loops = FolderGraph.ParentsIn(ServiceAssembly)
            .Where(parent => parent.Length > 0)
            .Select(parent => FolderGraph.Within(ServiceAssembly, parent))
            .Select(graph => graph.FindCycle() is { } cycle ? graph.Describe(cycle) : null)
            .OfType<string>()
            .ToList();
        // Fail with the whole message: an equality assertion shows only the first lines of a long one.
        if (loops.Count > 0) Assert.Fail("loops between subfolders:\n" + string.Join("\n\n", loops));
        await Assert.That(loops).IsEmpty();
    }

    [Test]
    public async Task The_subfolder_graphs_see_real_edges()
    {
        // Guards the check itself: every folder with subfolders is looked at, and edges between subfolders are seen.
        await Assert.That(FolderGraph.ParentsIn(ServiceAssembly)).Contains("Execution");
        await Assert.That(FolderGraph.ParentsIn(ServiceAssembly)).Contains("Panels");
        await Assert.That(FolderGraph.ParentsIn(ServiceAssembly)).Contains("WebSockets");
        var execution = FolderGraph.Within(ServiceAssembly, "Execution");
        await Assert.That(execution.Edges["JavaScript"].Keys).Contains("Host");
        await Assert.That(execution.Edges["Wasm"].Keys).Contains("(root)");
    }

    [Test]
    public async Task The_graph_sees_real_edges()
    {
        // Guards the check itself: a reader that found nothing would find no loop either.
        var graph = FolderGraph.Of(ServiceAssembly);
        await Assert.That(graph.Edges["(root)"].Keys).Contains("Panels");
        await Assert.That(graph.Edges["WebSockets"].Keys).Contains("Panels");
        await Assert.That(graph.Edges.ContainsKey("Configuration") ? graph.Edges["Configuration"].Count : 0).IsEqualTo(0);
    }

    [Test]
    public async Task Every_namespace_is_its_folder()
    {
        // The graph maps types to folders by namespace; this keeps that mapping true.
        var source = Path.Combine(RepoPaths.Root, "Nexus.Kernel");
        var wrong = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && Path.GetFileName(f) != "Program.cs") // top-level statements
            .Select(f => (File: Path.GetRelativePath(source, f), Namespace: NamespaceLine().Match(File.ReadAllText(f)).Groups[1].Value))
            .Where(f => f.Namespace != Expected(f.File))
            .Select(f => $"{f.File}: {f.Namespace}")
            .ToList();
        await Assert.That(wrong).IsEmpty();
    }

    private static string Expected(string file) =>
        string.Join('.', ["Nexus", "Kernel", .. Path.GetDirectoryName(file)!.Split('/', StringSplitOptions.RemoveEmptyEntries)]);

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
