using System.Globalization;
using System.Text;

namespace Nexus.Kernel.Tests.Support;

/// <summary>
/// Seeded, bounded random input for the boundary suites. <c>FUZZ_SEED</c> and <c>FUZZ_CASES</c> (environment) turn
/// the normal run (a few hundred cases) into a bigger one (<c>tools/fuzz.sh</c>); a failure prints the seed and case.
/// </summary>
internal sealed class Fuzz(int seed)
{
    private static readonly string[] Words = ["a", "k", "id", "type", "args", "tool", "__proto__", "constructor", "", " ", "é", "😀", "\u0000", "\u2028"];
    private static readonly string[] Numbers = ["0", "-0", "1e309", "-1e309", "1e-400", "123456789012345678901234567890", "0.1", "-1", "9007199254740993", new string('9', 400)];

    public Random Random { get; } = new(seed);

    public int Seed => seed;

    public static int SeedFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : fallback;

    public static int CasesFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    public static void Report(string suite, int cases, int seed) =>
        Console.WriteLine($"fuzz {suite}: {cases} cases ran, seed {seed} (FUZZ_SEED={seed} FUZZ_CASES={cases} to repeat)");

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(int percent) => Random.Next(100) < percent;

    /// <summary>A JSON value: random nesting (sometimes past 64), duplicate members, hostile strings and numbers.</summary>
    public string Value(int depth = 0)
    {
        if (depth < 70 && Chance(depth < 3 ? 70 : 45))
        {
            if (Chance(50))
            {
                var count = Random.Next(4);
                return "[" + string.Join(",", Enumerable.Range(0, count).Select(_ => Value(depth + 1))) + "]";
            }
            var members = Enumerable.Range(0, Random.Next(4)).Select(_ => (Key: String(), Value: Value(depth + 1))).ToList();
            if (members.Count > 0 && Chance(15)) members.Add((members[0].Key, Value(depth + 1))); // a duplicate
            return "{" + string.Join(",", members.Select(m => m.Key + ":" + m.Value)) + "}";
        }
        if (Chance(8)) return HostileJson.Nested(60 + Random.Next(10)); // around the 64-level rule
        return Random.Next(5) switch
        {
            0 => Pick(Numbers),
            1 => Pick(["true", "false", "null"]),
            _ => String(),
        };
    }

    /// <summary>A JSON string literal: plain words, escapes, lone or paired surrogate escapes, control escapes.</summary>
    public string String()
    {
        var text = new StringBuilder("\"");
        for (var i = Random.Next(4); i >= 0; i--)
        {
            text.Append(Random.Next(24) switch
            {
                0 => "\\ud800",
                1 => "\\udc00",
                2 => "\\ud83d\\ude00",
                3 => "\\u0000\\n\\t\\\"\\\\",
                _ => Pick(Words).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\u0000", "\\u0000", StringComparison.Ordinal),
            });
        }
        return text.Append('"').ToString();
    }

    /// <summary>UTF-8 of <paramref name="json"/>, sometimes with bytes flipped, cut, or invalid UTF-8 spliced in.</summary>
    public byte[] Mutate(string json)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(json));
        var mutations = Chance(50) ? 0 : Random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = Random.Next(bytes.Count);
            switch (Random.Next(5))
            {
                case 0: bytes[at] = (byte)Random.Next(256); break;
                case 1: bytes.InsertRange(at, Pick<byte[]>([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]])); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, (byte)Pick("{}[]\",:\\"u8.ToArray())); break;
            }
        }
        return [.. bytes];
    }

    /// <summary>An id or tool name: valid ones, and the near misses (newlines, unicode, 65 characters, empty).</summary>
    public string Id() => Random.Next(8) switch
    {
        0 => "p" + Random.Next(1000) + "\n",
        1 => "\np" + Random.Next(1000),
        2 => new string('a', 64 + Random.Next(2)),
        3 => "é" + Random.Next(100),
        4 => "",
        5 => "a b",
        _ => "p" + Random.Next(100_000).ToString(CultureInfo.InvariantCulture),
    };
}
