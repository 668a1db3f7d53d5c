namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>The JavaScript runtime's <see cref="IGuestRunner"/>: a sandbox rented for the whole execution.</summary>
internal sealed partial class JavaScriptExecution : IGuestRunner
{
    GuestStep IGuestRunner.Start(CompiledTool tool, string inputJson) => Start((JavaScriptCompiledTool)tool, inputJson);

    GuestStep IGuestRunner.Resume(IReadOnlyList<ExtensionOutcome> outcomes, int outstanding)
    {
        Outstanding = outstanding;
        return Resume(outcomes);
    }

    Action? IGuestRunner.AfterStep => ReturnFinishedSandbox;
}
