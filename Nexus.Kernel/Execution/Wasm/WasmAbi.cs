using Wasmtime;

namespace Nexus.Kernel.Execution.Wasm;

/// <summary>The names and signatures of docs/wasm-abi.md, checked at creation and used at run time.</summary>
internal static class WasmAbi
{
    public const string ImportModule = "nexus";
    public const string MemoryExport = "memory";
    public const string AllocExport = "alloc";
    public const string DefaultExport = "handle";

    /// <summary>Every host function a module may import from <c>nexus</c>, with its exact signature.</summary>
    public static readonly IReadOnlyDictionary<string, (ValueKind[] Parameters, ValueKind[] Results)> Imports =
        new Dictionary<string, (ValueKind[], ValueKind[])>(StringComparer.Ordinal)
        {
            ["state_get"] = ([ValueKind.Int32, ValueKind.Int32], [ValueKind.Int64]),
            ["state_set"] = ([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
            ["state_delete"] = ([ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
            ["emit"] = ([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
            ["view"] = ([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
            ["log"] = ([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
            ["now"] = ([], [ValueKind.Int64]),
        };

    public static readonly (ValueKind[] Parameters, ValueKind[] Results) HandleSignature = ([ValueKind.Int32, ValueKind.Int32], [ValueKind.Int64]);
    public static readonly (ValueKind[] Parameters, ValueKind[] Results) AllocSignature = ([ValueKind.Int32], [ValueKind.Int32]);

    /// <summary>Packs a guest pointer and length into the i64 the ABI returns (pointer high, length low).</summary>
    public static long Pack(int pointer, int length) => ((long)(uint)pointer << 32) | (uint)length;

    public static (int Pointer, int Length) Unpack(long packed) => ((int)(packed >>> 32), (int)(packed & 0xFFFF_FFFF));

    public static string LogLevel(int level) => level switch { 0 => "debug", 2 => "warn", 3 => "error", _ => "info" };
}
