namespace Nexus.LoadBench.Soak;

/// <summary>
/// A raw wasm handler, assembled by hand (the bench has no WAT parser): it follows docs/wasm-abi.md and exports
/// <c>handle</c>, which returns the JSON <c>42</c> (bytes at offset 0), and <c>spin</c>, an endless loop that only the
/// kernel's interrupt stops. The WAT it encodes:
/// <code>
/// (module (memory (export "memory") 1)
///   (func (export "alloc") (param i32) (result i32) (i32.const 1024))
///   (func (export "handle") (param i32 i32) (result i64) (i64.const 2))      ;; pointer 0, length 2
///   (func (export "spin") (param i32 i32) (result i64) (loop (br 0)) (i64.const 0))
///   (data (i32.const 0) "42"))
/// </code>
/// </summary>
internal static class WasmModule
{
    private static readonly byte[] Bytes =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
        0x01, 0x0c, 0x02, // type section: 2 types
        0x60, 0x01, 0x7f, 0x01, 0x7f, // (i32) -> i32
        0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7e, // (i32, i32) -> i64
        0x03, 0x04, 0x03, 0x00, 0x01, 0x01, // function section: alloc, handle, spin
        0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, min 1 page
        0x07, 0x22, 0x04, // export section: 4 exports
        0x06, (byte)'m', (byte)'e', (byte)'m', (byte)'o', (byte)'r', (byte)'y', 0x02, 0x00,
        0x05, (byte)'a', (byte)'l', (byte)'l', (byte)'o', (byte)'c', 0x00, 0x00,
        0x06, (byte)'h', (byte)'a', (byte)'n', (byte)'d', (byte)'l', (byte)'e', 0x00, 0x01,
        0x04, (byte)'s', (byte)'p', (byte)'i', (byte)'n', 0x00, 0x02,
        0x0a, 0x16, 0x03, // code section: 3 bodies
        0x05, 0x00, 0x41, 0x80, 0x08, 0x0b, // alloc: i32.const 1024
        0x04, 0x00, 0x42, 0x02, 0x0b, // handle: i64.const 2
        0x09, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x42, 0x00, 0x0b, // spin: loop br 0 end; i64.const 0
        0x0b, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, (byte)'4', (byte)'2', // data section: "42" at 0
    ];

    public static string Base64 { get; } = Convert.ToBase64String(Bytes);
}
