using System.Reflection;
using System.Text;
using Microsoft.Extensions.Logging;
using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Observability;

/// <summary>
/// One list of log events: every <c>[LoggerMessage]</c> of the service has a unique id and an <c>EventName</c>
/// (the JSON line's <c>event</c>), and docs/log-events.md lists them all, generated from the assembly.
/// </summary>
public sealed class LogEventListTests
{
    private static readonly string DocPath = Path.Combine(RepoPaths.Root, "docs", "log-events.md");

    [Test]
    public async Task Every_log_event_has_a_unique_id_and_a_name()
    {
        var events = Events();
        await Assert.That(events.Where(e => string.IsNullOrEmpty(e.Name)).Select(e => e.Id)).IsEmpty();
        await Assert.That(events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key)).IsEmpty();
    }

    [Test]
    public async Task Docs_list_every_log_event()
    {
        var expected = Document();
        // Regenerate with: dotnet test ... --treenode-filter "/*/*/LogEventListTests/*", then copy this file.
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "nexus-log-events.md"), expected);
        var actual = File.Exists(DocPath) ? (await File.ReadAllTextAsync(DocPath)).ReplaceLineEndings("\n") : "";
        await Assert.That(actual).IsEqualTo(expected);
    }

    private static List<(int Id, string? Name, LogLevel Level, string Owner)> Events() =>
        [.. typeof(KernelApplication).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.EventId, x.Attribute.EventName, x.Attribute.Level, Owner(x.Method.DeclaringType!)))
            .OrderBy(e => e.EventId)];

    private static string Owner(Type type) => type.FullName!["Nexus.Kernel.".Length..].Replace('+', '.');

    private static string Document()
    {
        var text = new StringBuilder("""
            # Log events

            Every log line the kernel writes, by event id. In JSON lines the id is `eventId` and the name is `event`;
            placeholders become camelCase keys. Generated from the service's `[LoggerMessage]` declarations; the test
            `Observability/LogEventListTests` keeps this file equal to them.

            | id | event | level | declared in |
            |---|---|---|---|

            """.ReplaceLineEndings("\n"));
        foreach (var (id, name, level, owner) in Events()) text.Append($"| {id} | `{name}` | {level} | `{owner}` |\n");
        return text.ToString();
    }
}
