using System.Net;
using Nexus.Kernel.Tests.Support;

namespace Nexus.Kernel.Tests.Http;

/// <summary>
/// Handler source nested tens of thousands of levels deep (within MAX_HANDLER_BYTES) exhausts the compiler's call stack. It used to answer 500;
/// it is a 400 COMPILATION_ERROR, and the kernel goes on compiling and running other handlers.
/// </summary>
public class DeepSourceTests
{
    private const int Depth = 25_000;

    public static IEnumerable<Func<(string Shape, string Handler)>> Shapes() =>
    [
        () => ("brackets", "return " + new string('[', Depth) + new string(']', Depth) + ";"),
        () => ("parentheses", "return " + new string('(', Depth) + "1" + new string(')', Depth) + ";"),
        () => ("blocks", new string('{', Depth) + new string('}', Depth)),
        () => ("arrow functions", "return " + string.Concat(Enumerable.Repeat("x=>", 20_000)) + "1;"),
        () => ("object literals", "return " + string.Concat(Enumerable.Repeat("{a:", 15_000)) + "1" + new string('}', 15_000) + ";"),
        () => ("if statements", string.Concat(Enumerable.Repeat("if(1)", 12_000)) + ";"),
    ];

    [Test]
    [MethodDataSource(nameof(Shapes))]
    public async Task Source_nested_too_deeply_is_a_compilation_error_and_the_kernel_keeps_serving(string shape, string handler)
    {
        await using var kernel = await TestKernel.StartAsync();
        using var client = kernel.ClientFor("deep");

        using (var response = await GuestPanels.CreateAsync(client, "deep", handler))
        {
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "COMPILATION_ERROR");
            await Assert.That(problem.GetProperty("detail").GetString()).Contains("nested too deeply").Because(shape);
        }

        using (var response = await GuestPanels.CreateAsync(client, "fine", "return [[[1]]];"))
        {
            await response.JsonAsync(HttpStatusCode.Created);
        }
        var result = await GuestPanels.TriggerAsync(client, "fine");
        await Assert.That(result.GetProperty("returnValue").GetRawText()).IsEqualTo("[[[1]]]");
    }
}
