using Microsoft.Extensions.Configuration;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Configuration;

/// <summary>The README's configuration table is the settings table, row for row (regenerate it from
/// <see cref="Settings.MarkdownTable"/> when a setting changes).</summary>
public sealed class ReadmeConfigurationTableTests
{
    [Test]
    public async Task The_readme_lists_every_setting_with_the_default_and_rule_the_loader_uses()
    {
        var readme = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"))).ReplaceLineEndings("\n");
        var start = readme.IndexOf("| variable | default |", StringComparison.Ordinal);
        await Assert.That(start).IsGreaterThanOrEqualTo(0);
        var end = readme.IndexOf("\n\n", start, StringComparison.Ordinal);
        var table = readme[start..(end + 1)];

        await Assert.That(table).IsEqualTo(Settings.MarkdownTable());
    }

}
