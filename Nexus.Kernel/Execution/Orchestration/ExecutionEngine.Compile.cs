using Nexus.Kernel.Execution.Caching;
using Nexus.Kernel.Execution.JavaScript;
using Nexus.Kernel.Execution.Wasm;
using Wasmtime;

namespace Nexus.Kernel.Execution.Orchestration;

/// <summary>Compiling tools at panel creation: JavaScript to QuickJS bytecode, wasm through the module cache.</summary>
internal sealed partial class ExecutionEngine
{
    /// <summary>Compiles a tool (throws <see cref="CompilationException"/>: a syntax error with line and column, or
    /// a wasm module that is invalid or does not fit the ABI).</summary>
    public async ValueTask<CompiledTool> CompileAsync(ToolSource tool, CancellationToken cancellationToken)
    {
        if (tool.Handler is null && tool.Module is { } module) return await CompileWasmAsync(tool, module, cancellationToken);
        if (string.IsNullOrWhiteSpace(tool.Handler)) throw new CompilationException(tool.Name, "the handler is empty", null, null);
        await _ready.WaitAsync(cancellationToken);
        var source = tool.Handler;
        var (bytecode, errorJson) = await _workers.RunAsync(() =>
        {
            var sandbox = _sandboxes.Rent();
            try
            {
                return (HandlerCompiler.Compile(sandbox, source, out var error), error);
            }
            finally
            {
                _sandboxes.Return(sandbox);
            }
        });
        if (bytecode is not null) return new JavaScriptCompiledTool(tool.Name, bytecode, _quickJsFromCache);
        throw CompileError.From(tool, errorJson);
    }

    /// <summary>Wasm needs no QuickJS: it does not wait for readiness, only for the compile queue.</summary>
    private async ValueTask<CompiledTool> CompileWasmAsync(ToolSource tool, byte[] module, CancellationToken cancellationToken)
    {
        CachedModule cached;
        try
        {
            cached = await _cache.GetAsync(tool.Name, module, cancellationToken);
        }
        catch (WasmtimeException invalid)
        {
            throw Refuse(tool, "invalid WebAssembly module: " + FirstLine(invalid.Message));
        }
        var export = tool.Export ?? WasmAbi.DefaultExport;
        if (WasmModuleValidator.Check(cached.Module, export) is { } problem) throw Refuse(tool, problem);
        Log.ModuleReady(_logger, tool.Name, export, cached.Tier ?? "compiled");
        return new WasmCompiledTool(tool.Name, cached.Module, export, cached.FromCache);
    }

    private CompilationException Refuse(ToolSource tool, string reason)
    {
        Log.ModuleRefused(_logger, tool.Name, reason);
        return new CompilationException(tool.Name, reason, null, null);
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
