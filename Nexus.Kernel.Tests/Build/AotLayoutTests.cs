using Nexus.LoadBench.Layout;

namespace Nexus.Kernel.Tests.Build;

/// <summary>
/// The published binary is laid out by build/layout/hot-methods.order: the listed functions first, as one block,
/// under the same names in this checkout as where the order was written (README in build/layout).
/// </summary>
[NotInParallel("aot-binary")]
public class AotLayoutTests
{
    private static readonly string OrderFile = Path.Combine(RepoPaths.Root, "build", "layout", "hot-methods.order");

    // nm over the 50 MB symbol file once for the three tests.
    private static readonly Lazy<Task<List<(ulong Address, IReadOnlyList<string> Names)>>> Published = new(async () =>
        ManagedCodeSymbols.Read(await AotPublish.EnsureAsync() + ".dbg").Functions.ToList());

    private static HashSet<string> Listed() =>
        File.ReadLines(OrderFile).Where(line => line.Length > 0 && !line.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

    [Test]
    public async Task The_listed_functions_are_one_block_at_the_start_of_the_managed_code()
    {
        var listed = Listed();
        var functions = await Published.Value;
        bool IsListed((ulong Address, IReadOnlyList<string> Names) function) => function.Names.Any(listed.Contains);

        var hot = functions.Where(IsListed).ToList();
        var cold = functions.Where(f => !IsListed(f)).ToList();
        await Assert.That(IsListed(functions[0])).IsTrue();
        await Assert.That(hot.Count).IsGreaterThan(1_000);
        await Assert.That(hot.Max(f => f.Address)).IsLessThan(cold.Min(f => f.Address));
    }

    [Test]
    public async Task Source_generated_functions_keep_the_names_the_order_lists()
    {
        // The request delegate generator's file-local types are named with a hash of their generated file's path; a
        // checkout elsewhere (or another intermediate directory) changes it unless the publish maps the paths.
        var listed = Listed();
        var generated = (await Published.Value)
            .SelectMany(f => f.Names)
            .Where(name => name.Contains("GeneratedRouteBuilderExtensions_g_F", StringComparison.Ordinal))
            .ToList();
        await Assert.That(generated).IsNotEmpty();
        await Assert.That(generated.Count(listed.Contains)).IsGreaterThan(10);
    }

    [Test]
    public async Task The_order_file_is_current()
    {
        var names = (await Published.Value).SelectMany(f => f.Names).ToHashSet(StringComparer.Ordinal);
        var listed = Listed();
        var missing = listed.Where(name => !names.Contains(name)).ToList();
        // A few renamed functions cost a few pages; a stale order (a .NET or package update) costs megabytes.
        await Assert.That(missing.Count).IsLessThanOrEqualTo(listed.Count / 20)
            .Because($"{missing.Count} of {listed.Count} listed functions are gone (first: {string.Join(", ", missing.Take(5))}); run build/layout/collect.sh");
    }
}
