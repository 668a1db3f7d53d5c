using System.Net;
using Nexus.Kernel.Tests.Support;
using static Nexus.Kernel.Tests.Support.HttpAssertions;

namespace Nexus.Kernel.Tests.Http;

/// <summary>A handler that does not parse is refused at creation with the tool, line and column of the fault.</summary>
public class CompilationErrorTests
{
    [Test]
    public async Task A_syntax_error_at_creation_is_400_compilation_error_naming_tool_line_and_column()
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("compiler");

        // Line 3, the stray ')' is the 15th character: "  const b = 2 );"
        using var response = await client.PostAsync("/panels", JsonContent("""
            {"id":"broken","kind":"k","tools":[
              {"name":"fine","handler":"return 1;"},
              {"name":"faulty","handler":"const a = 1;\n\n  const b = 2 );\nreturn a + b;"}]}
            """));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");

        await Assert.That(problem.GetProperty("tool").GetString()).IsEqualTo("faulty");
        await Assert.That(problem.GetProperty("line").GetInt32()).IsEqualTo(3);
        await Assert.That(problem.GetProperty("column").GetInt32()).IsEqualTo(15);
        await Assert.That(problem.GetProperty("detail").GetString()).IsNotNull();
        // Nothing was created.
        await (await client.GetAsync("/panels/broken")).ProblemAsync(HttpStatusCode.NotFound, "PANEL_NOT_FOUND");
    }
}
