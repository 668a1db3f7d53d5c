using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>
/// Refuses at creation what could never run or must never run: imports outside <c>nexus</c> (WASI, env, ...),
/// unknown or mistyped <c>nexus</c> functions, imported memories/tables/globals, shared memory (the engine has
/// threads off, so Wasmtime already rejects shared memories and atomics while compiling), and a missing or
/// mistyped <c>memory</c>, <c>alloc</c> or handler export.
/// </summary>
internal static class WasmModuleValidator
{
    /// <summary>Null when the module fits the ABI; otherwise why not.</summary>
    public static string? Check(Module module, string export)
    {
        foreach (var import in module.Imports)
        {
            var name = $"{import.ModuleName}.{import.Name}";
            if (import.ModuleName != WasmAbi.ImportModule) return $"import '{name}' is not allowed: only module '{WasmAbi.ImportModule}' can be imported";
            if (import is not FunctionImport function) return $"import '{name}' is not a function: the module must define its own memory, tables and globals";
            if (!WasmAbi.Imports.TryGetValue(import.Name, out var signature)) return $"import '{name}' does not exist";
            if (!Matches(function.Parameters, function.Results, signature)) return $"import '{name}' has the wrong signature";
        }
        var memory = module.Exports.OfType<MemoryExport>().FirstOrDefault(static e => e.Name == WasmAbi.MemoryExport);
        if (memory is null) return $"the module must export its memory as '{WasmAbi.MemoryExport}'";
        if (memory.Is64Bit) return "64-bit memories are not supported";
        if (FunctionExport(module, WasmAbi.AllocExport) is not { } alloc || !Matches(alloc.Parameters, alloc.Results, WasmAbi.AllocSignature))
        {
            return $"the module must export '{WasmAbi.AllocExport}(len: i32) -> i32'";
        }
        if (FunctionExport(module, export) is not { } handle || !Matches(handle.Parameters, handle.Results, WasmAbi.HandleSignature))
        {
            return $"the module must export '{export}(argsPtr: i32, argsLen: i32) -> i64'";
        }
        return null;
    }

    private static FunctionExport? FunctionExport(Module module, string name) =>
        module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == name);

    private static bool Matches(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results,
        (ValueKind[] Parameters, ValueKind[] Results) expected) =>
        parameters.SequenceEqual(expected.Parameters) && results.SequenceEqual(expected.Results);
}
