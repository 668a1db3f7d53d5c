using System.Net;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// A handler is the body of a function. Source that closes that function and opens another (<c>}); …; (async
/// function () {</c>) once ran code while the handler was loaded, outside the timeout check: a throw whose message
/// getter looped was stopped only by the backstop. Such source is now refused at creation.
/// </summary>
public class WrapperEscapeTests
{
    private const string LoopingMessage =
        "(() => { const e = new Error('x'); Object.defineProperty(e, 'message', { get() { for (;;) {} } }); throw e; })();";

    public static IEnumerable<Func<(string Shape, string Handler)>> Escapes() =>
    [
        () => ("the issue's escape", "}); " + LoopingMessage + " (async function () {"),
        () => ("statements between two functions", "return 1;\n});\nglobalThis.leaked = 1;\n(async function () {\nreturn 2;"),
        () => ("a comma expression", "}), globalThis.leaked = 1, (async function () {"),
        () => ("a call on the closed function", "}).call(globalThis.leaked = 1), ({ a: 1"),
        () => ("an object literal left open", "}), (() => { for (;;) {} })(), ({ x: 1"),
        () => ("a regular expression that reads as division", "}/1)/ - 1; globalThis.leaked = 1; (async function () {"),
    ];

    [Test]
    [MethodDataSource(nameof(Escapes))]
    public async Task Source_that_closes_its_function_is_a_compilation_error_at_creation(string shape, string handler)
    {
        await using var kernel = await TestKernel.StartAsync(new Dictionary<string, string?> { ["TIMEOUT_MS"] = "300" });
        using var client = kernel.ClientFor("escaper");

        using var response = await GuestPanels.CreateAsync(client, "p", handler);
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");

        await Assert.That(problem.GetProperty("tool").GetString()).IsEqualTo("run").Because(shape);
        await (await client.GetAsync("/panels/p")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
    }

    [Test]
    public async Task Handlers_with_nested_functions_braces_and_tricky_tokens_still_compile_and_run()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("escaper");
        const string handler = """
            "use strict";
            const brace = '})'; const re = /}\)/; const t = `}) ${ (() => { return '{'; })() }`;
            function inner() { return { a: [1, { b: 2 }] }; }
            // }); (async function () {
            /* }) */
            return [brace, re.source, t, inner().a[1].b]
            """;

        using var response = await GuestPanels.CreateAsync(client, "p", handler);
        await response.JsonAsync(HttpStatusCode.Created);
        var result = await GuestPanels.TriggerAsync(client, "p");

        await Assert.That(result.GetProperty("returnValue").GetRawText()).IsEqualTo("""["})","}\\)","}) {",2]""");
    }

    [Test]
    public async Task A_syntax_error_after_a_nested_function_still_names_its_line_and_column()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("escaper");

        // Line 3, the stray ')' is the 13th character.
        using var response = await GuestPanels.CreateAsync(client, "p", "function f() {\n  return 1; }\nconst b = 2 );\nreturn b;");
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");

        await Assert.That(problem.GetProperty("line").GetInt32()).IsEqualTo(3);
        await Assert.That(problem.GetProperty("column").GetInt32()).IsEqualTo(13);
    }

    /// <summary>The documented cost of the proof (README, Handler source): the second compile puts the source in a
    /// block, where a var and a function declaration may not share a name.</summary>
    [Test]
    public async Task A_var_and_a_function_of_the_same_name_at_the_top_level_are_refused()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("escaper");

        using var response = await GuestPanels.CreateAsync(client, "p", "var f = 1;\nfunction f() { return 2; }\nreturn f;");
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");

        await Assert.That(problem.GetProperty("detail").GetString()).Contains("not a function body");
    }
}
