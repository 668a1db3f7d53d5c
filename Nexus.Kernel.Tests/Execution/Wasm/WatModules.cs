using Wasmtime;

namespace Nexus.Kernel.Tests.Execution.Wasm;

/// <summary>
/// Test handlers written as WAT and turned into binary here (Wasmtime's own text parser), so no .wasm file is
/// committed. Every module follows docs/wasm-abi.md: it exports memory, a bump <c>alloc</c> and <c>handle</c>.
/// </summary>
internal static class WatModules
{
    public const string Alloc = """
        (memory (export "memory") 2)
        (global $heap (mut i32) (i32.const 4096))
        (func (export "alloc") (param $len i32) (result i32)
          (local $p i32)
          (local.set $p (global.get $heap))
          (global.set $heap (i32.add (global.get $heap) (local.get $len)))
          (local.get $p))
        """;

    /// <summary>Reads state key <c>count</c> (decimal JSON), writes count+1 back and returns it.</summary>
    public const string Counter = $$"""
        (module
          (import "nexus" "state_get" (func $get (param i32 i32) (result i64)))
          (import "nexus" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))
          {{Alloc}}
          (data (i32.const 0) "count")
          (func (export "handle") (param $argsPtr i32) (param $argsLen i32) (result i64)
            (local $packed i64) (local $ptr i32) (local $len i32) (local $n i32) (local $i i32) (local $out i32)
            (local.set $packed (call $get (i32.const 0) (i32.const 5)))
            (if (i64.ne (local.get $packed) (i64.const 0))
              (then
                (local.set $ptr (i32.wrap_i64 (i64.shr_u (local.get $packed) (i64.const 32))))
                (local.set $len (i32.wrap_i64 (local.get $packed)))
                (block $done
                  (loop $digits
                    (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
                    (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10))
                      (i32.sub (i32.load8_u (i32.add (local.get $ptr) (local.get $i))) (i32.const 48))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $digits)))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (local.set $out (i32.const 1040))
            (loop $format
              (local.set $out (i32.sub (local.get $out) (i32.const 1)))
              (i32.store8 (local.get $out) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
              (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
              (br_if $format (i32.ne (local.get $n) (i32.const 0))))
            (drop (call $set (i32.const 0) (i32.const 5) (local.get $out) (i32.sub (i32.const 1040) (local.get $out))))
            (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32))
                    (i64.extend_i32_u (i32.sub (i32.const 1040) (local.get $out))))))
        """;

    /// <summary>Emits event <c>ping</c> with payload <c>{"n":1}</c> and returns nothing.</summary>
    public const string Emitter = $$"""
        (module
          (import "nexus" "emit" (func $emit (param i32 i32 i32 i32) (result i32)))
          {{Alloc}}
          (data (i32.const 0) "ping{\"n\":1}")
          (func (export "handle") (param i32 i32) (result i64)
            (drop (call $emit (i32.const 0) (i32.const 4) (i32.const 4) (i32.const 7)))
            (i64.const 0)))
        """;

    public const string ForeignImport = $$"""
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          {{Alloc}}
          (func (export "handle") (param i32 i32) (result i64) (i64.const 0)))
        """;

    public const string Unreachable = $$"""
        (module {{Alloc}} (func (export "handle") (param i32 i32) (result i64) unreachable))
        """;

    public const string OutOfBounds = $$"""
        (module {{Alloc}}
          (func (export "handle") (param i32 i32) (result i64) (i64.load (i32.const 0x7fffffff))))
        """;

    public const string InfiniteLoop = $$"""
        (module {{Alloc}}
          (func (export "handle") (param i32 i32) (result i64) (loop $spin (br $spin)) (i64.const 0)))
        """;

    /// <summary>Distinct modules (each returns its own number) for churning the cache.</summary>
    public static string Numbered(int n) => $$"""
        (module {{Alloc}}
          (data (i32.const 0) "{{n}}")
          (func (export "handle") (param i32 i32) (result i64)
            (i64.const {{n.ToString(System.Globalization.CultureInfo.InvariantCulture).Length}})))
        """;

    public static byte[] Binary(string wat) => Module.ConvertText(wat);

    public static string Base64(string wat) => Convert.ToBase64String(Binary(wat));
}
