using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>Compilation errors and thrown errors, located in the handler's own lines.</summary>
public sealed class ErrorTests
{
    private static readonly EngineHarness Harness = new();

    [Test]
    public async Task Syntax_error_throws_CompilationException_with_handler_line_and_column()
    {
        var exception = await Assert.ThrowsAsync<CompilationException>(() => Harness.CompileAsync("const a = 1;\nconst b = ;\nreturn a;", "broken"));

        await Assert.That(exception!.Tool).IsEqualTo("broken");
        await Assert.That(exception.Line).IsEqualTo(2);
        await Assert.That(exception.Column).IsEqualTo(11);
        await Assert.That(exception.Message).Contains("SyntaxError");
    }

    [Test]
    public async Task Unclosed_brace_is_reported_inside_the_handler()
    {
        var exception = await Assert.ThrowsAsync<CompilationException>(() => Harness.CompileAsync("if (true) {\n  return 1;\n", "open"));

        await Assert.That(exception!.Line).IsNotNull();
        await Assert.That(exception.Line!.Value).IsLessThanOrEqualTo(3);
    }

    [Test]
    public async Task An_invalid_wasm_module_is_a_compilation_error()
    {
        var tool = new ToolSource("wasm", null, [0, 97, 115, 109], "handle");

        var exception = await Assert.ThrowsAsync<CompilationException>(async () => await Harness.Engine.CompileAsync(tool, CancellationToken.None));

        await Assert.That(exception!.Message).StartsWith("invalid WebAssembly module");
        await Assert.That(exception.Tool).IsEqualTo("wasm");
    }

    [Test]
    public async Task Thrown_error_has_message_and_location()
    {
        var result = await Harness.RunAsync("const a = 1;\n\n  throw new Error('boom');");

        await Assert.That(result.Status).IsEqualTo("error");
        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ExecutionError);
        await Assert.That(result.Error.Message).IsEqualTo("Error: boom");
        await Assert.That(result.Error.Location!.Line).IsEqualTo(3);
        await Assert.That(result.Error.Location.Column).IsEqualTo(13);
    }

    [Test]
    public async Task Throw_after_writing_applies_no_mutation()
    {
        var callbacks = new TestCallbacks("""{"a":0}""");
        var result = await Harness.RunAsync("$state.a = 1; $emit('x', 1); throw new TypeError('late');", """{"a":0}""", callbacks: callbacks);

        await Assert.That(result.Error!.Message).IsEqualTo("TypeError: late");
        await Assert.That(callbacks.Commits.Count).IsEqualTo(0);
        await Assert.That(result.StateMutations.Count).IsEqualTo(0);
        await Assert.That(result.Events.Count).IsEqualTo(0);
        await Assert.That(callbacks.StateJson()).IsEqualTo("""{"a":0}""");
    }

    [Test]
    public async Task Rejected_batch_ends_the_execution_with_its_code()
    {
        var callbacks = new TestCallbacks { RejectCode = ExecutionErrorCodes.ResourceLimit };
        var result = await Harness.RunAsync("$state.big = 'x';", callbacks: callbacks);

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ResourceLimit);
        await Assert.That(result.StateMutations.Count).IsEqualTo(0);
    }

    [Test]
    public async Task Unserializable_return_value_is_an_execution_error()
    {
        var result = await Harness.RunAsync("return 10n;");

        await Assert.That(result.Error!.Code).IsEqualTo(ExecutionErrorCodes.ExecutionError);
        await Assert.That(result.Error.Message).Contains("not JSON-serializable");
    }
}
