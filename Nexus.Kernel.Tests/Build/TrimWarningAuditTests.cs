using System.Text.RegularExpressions;

namespace Nexus.Kernel.Tests.Build;

/// <summary>
/// NoWarn IL2104/IL3053 is global, so it would also hide a new package's trim problems. Publishing once with
/// TrimmerSingleWarn=false lists every underlying warning: each one must come from Wasmtime.Dotnet.
/// </summary>
[NotInParallel("aot-binary")]
public class TrimWarningAuditTests
{
    [Test]
    public async Task Every_IL_warning_comes_from_Wasmtime_Dotnet()
    {
        await AotPublish.EnsureAsync(); // the real publish first: both share obj/
        var output = Path.Combine(RepoPaths.Artifacts, "aot-audit");
        var result = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "Nexus.Kernel", "Nexus.Kernel.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output,
             "-p:TrimmerSingleWarn=false", "-p:TreatWarningsAsErrors=false", "-p:NoWarn=", "-nologo", "-clp:NoSummary"],
            RepoPaths.Root, TimeSpan.FromMinutes(10));
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.Output);

        var warnings = result.Output.Split('\n').Where(l => Regex.IsMatch(l, @"warning IL\d{4}")).Distinct().ToList();
        var foreign = warnings.Where(l => !l.Contains("Wasmtime", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"{warnings.Count} IL warnings, all expected from Wasmtime.Dotnet: {foreign.Count == 0}");
        await Assert.That(warnings.Count).IsGreaterThan(0).Because("the audit must see Wasmtime.Dotnet's own warnings, or it proves nothing");
        await Assert.That(foreign).IsEmpty();
    }
}
