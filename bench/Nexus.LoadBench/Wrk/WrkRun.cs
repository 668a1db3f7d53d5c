using System.Diagnostics;
using System.Globalization;
using Nexus.LoadBench.Measure;
using Nexus.LoadBench.Processes;

namespace Nexus.LoadBench.Wrk;

/// <summary>
/// One <c>wrk -t1 -c32 -d{seconds}s --latency</c> run of bench/wrk/trigger.lua against a server: the script
/// round-robins <c>POST /panels/p{0..7}/trigger/inc</c> with the bench token (passed as NEXUS_TOKEN). Bounded: wrk
/// is killed if it has not finished 30 s after its duration.
/// </summary>
internal static class WrkRun
{
    public const int Connections = 32;

    public static async Task<WrkOutput> RunAsync(string script, int port, int seconds, int panels, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("wrk",
        [
            "-t1", "-c" + Connections.ToString(CultureInfo.InvariantCulture), $"-d{seconds}s", "--latency", "--timeout", "5s",
            "-s", script, $"http://127.0.0.1:{port}",
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["NEXUS_TOKEN"] = KernelUnderTest.Token();
        info.Environment["NEXUS_PANELS"] = panels.ToString(CultureInfo.InvariantCulture);

        var process = ChildProcesses.Start(info);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
            await process.WaitForExitAsync(bound.Token);
            var text = await output;
            if (process.ExitCode != 0) throw new BenchFailure($"wrk exited with {process.ExitCode}: {await errors}{text}");
            return WrkOutput.Parse(text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BenchFailure($"wrk did not finish within {seconds + 30} s");
        }
        finally
        {
            await ChildProcesses.StopAsync(process);
        }
    }
}
