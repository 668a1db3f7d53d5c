using System.Diagnostics;
using System.Globalization;

namespace Nexus.LoadBench.Layout;

/// <summary>
/// The functions of a Native AOT binary's managed code section (<c>__managedcode</c>), read from its symbol file
/// (<c>nexus-kernel.dbg</c>) with binutils' <c>readelf</c> and <c>nm</c>: each entry address with every name it
/// has (identical bodies are folded into one address under several names). Shared with the tests
/// (<c>Build/AotLayoutTests</c>), which check the published layout with it.
/// </summary>
internal sealed class ManagedCodeSymbols
{
    private readonly SortedDictionary<ulong, List<string>> _names;

    private ManagedCodeSymbols(SortedDictionary<ulong, List<string>> names) => _names = names;

    /// <summary>Every function, by address.</summary>
    public IEnumerable<(ulong Address, IReadOnlyList<string> Names)> Functions => _names.Select(f => (f.Key, (IReadOnlyList<string>)f.Value));

    public IReadOnlyList<string> NamesAt(ulong address) => _names.TryGetValue(address, out var names) ? names : [];

    public static ManagedCodeSymbols Read(string symbolFile)
    {
        var (start, end) = SectionRange(symbolFile, "__managedcode");
        var names = new SortedDictionary<ulong, List<string>>();
        // nm -S: "address size type name" for defined symbols.
        foreach (var line in Run("nm", "-S", symbolFile))
        {
            var fields = line.Split(' ', 4);
            if (fields.Length != 4 || fields[2] is not ("t" or "T")) continue;
            var address = ulong.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (address < start || address >= end || ulong.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == 0) continue;
            if (!names.TryGetValue(address, out var list)) names[address] = list = [];
            list.Add(fields[3]);
        }
        if (names.Count == 0) throw new InvalidOperationException($"{symbolFile} has no function symbols in __managedcode");
        return new ManagedCodeSymbols(names);
    }

    private static (ulong Start, ulong End) SectionRange(string file, string section)
    {
        // readelf -SW: "[Nr] Name Type Address Off Size ..."; the index may be padded ("[ 1]").
        foreach (var line in Run("readelf", "-SW", file))
        {
            var fields = line.Replace("[ ", "[", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1] != section) continue;
            var start = ulong.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return (start, start + ulong.Parse(fields[5], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"{file} has no {section} section");
    }

    private static List<string> Run(string program, params string[] arguments)
    {
        // readelf complains about the symbol file's empty program header (harmless): stderr is kept for failures only.
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var errors = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors.Result}");
        }
        return lines;
    }
}
