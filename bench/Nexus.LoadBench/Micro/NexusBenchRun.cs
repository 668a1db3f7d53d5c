using System.Diagnostics;
using System.Text.Json;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Micro;

/// <summary>
/// Runs one quick mode of bench/Nexus.Bench (<c>dotnet run -c Release --project bench/Nexus.Bench -- MODE ARG</c>)
/// and returns the numbers of its <c>##nexus-bench {json}</c> line. Bounded by a timeout (the process tree is
/// killed); build servers are disabled so nothing outlives the run.
/// </summary>
internal static class NexusBenchRun
{
    private const string Marker = "##nexus-bench ";

    public static async Task<Dictionary<string, double>> RunAsync(string root, string mode, string argument, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var project = Path.Combine(root, "bench", "Nexus.Bench");
        var info = new ProcessStartInfo("dotnet", ["run", "-c", "Release", "--project", project, "--", mode, argument])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root,
        };
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var process = ChildProcesses.Start(info);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(timeout);
            await process.WaitForExitAsync(bound.Token);
            var text = await output;
            var line = text.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
            {
                throw new BenchFailure($"Nexus.Bench {mode} exited with {process.ExitCode} and no result line: {Tail(await errors + text)}");
            }
            return JsonSerializer.Deserialize<Dictionary<string, double>>(line[Marker.Length..])!;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchFailure($"Nexus.Bench {mode} did not finish within {timeout.TotalSeconds:F0} s");
        }
        finally
        {
            await ChildProcesses.StopAsync(process);
        }
    }

    private static string Tail(string text) => text.Length > 1500 ? "…" + text[^1500..] : text;
}
