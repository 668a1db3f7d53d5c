using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Wasmtime;

namespace Nexus.Kernel.Tests.Execution.JavaScript;

/// <summary>QuickJS built straight from the embedded module into the shared engine, bypassing the module cache, for
/// tests of the bare sandbox (benchmarks keep their own copy in bench/).</summary>
internal static class QuickJsRuntimes
{
    private static readonly Lazy<QuickJsRuntime> SharedInstance = new(() => On(WasmEngine.Shared));

    public static QuickJsRuntime Shared => SharedInstance.Value;

    private static QuickJsRuntime On(WasmEngine engine) =>
        new(engine, Module.FromBytes(engine.Engine, QuickJsRuntime.QuickJsResource, QuickJsRuntime.ReadQuickJs()));
}

internal static class DetachedRun
{
    /// <summary>
    /// Runs compiled handler bytecode start to finish on this sandbox alone, with no host attached and no engine
    /// around it (no limits, no batches applied).
    /// </summary>
    public static void RunDetached(this Sandbox sandbox, byte[] bytecode, string inputJson)
    {
        var handler = sandbox.LoadBytecode(bytecode);
        sandbox.InvokeWithValue(sandbox.Entry.Start, handler, inputJson);
        sandbox.DrainJobs();
        sandbox.Invoke(sandbox.Entry.Step);
    }
}
