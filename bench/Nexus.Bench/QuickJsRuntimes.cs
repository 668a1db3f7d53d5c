using Nexus.Kernel.Execution.Host;
using Nexus.Kernel.Execution.JavaScript;
using Wasmtime;

namespace Nexus.Bench;

/// <summary>QuickJS runtimes built straight from the embedded module, bypassing the module cache: the sandbox's own
/// cost, on the shared engine or on a private one per interrupt mode.</summary>
internal static class QuickJsRuntimes
{
    private static readonly Lazy<QuickJsRuntime> SharedInstance = new(() => On(WasmEngine.Shared));

    public static QuickJsRuntime Shared => SharedInstance.Value;

    public static QuickJsRuntime Isolated(InterruptMode mode) => On(new WasmEngine(mode));

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
