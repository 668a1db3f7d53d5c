using System.Diagnostics;

namespace Nexus.Kernel.Tests.Build;

/// <summary>
/// Publishes the Native AOT binary once per test run (warnings as errors, as shipped) into artifacts/aot, outside
/// the project folder. Every test that needs the real binary awaits <see cref="EnsureAsync"/>.
/// </summary>
internal static class AotPublish
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    public static string OutputDir => Path.Combine(RepoPaths.Artifacts, "aot");

    public static string BinaryPath => Path.Combine(OutputDir, "nexus-kernel");

    /// <summary>Returns the path of the published binary; throws with the publish output when it fails.</summary>
    public static Task<string> EnsureAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "Nexus.Kernel", "Nexus.Kernel.csproj"), "-c", "Release", "-r", "linux-x64",
             "-o", OutputDir, "-p:TreatWarningsAsErrors=true", "-nologo"],
            RepoPaths.Root, TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0 || !File.Exists(BinaryPath))
        {
            throw new InvalidOperationException($"dotnet publish failed ({result.ExitCode}):\n{result.Output}");
        }
        return BinaryPath;
    }
}

internal sealed record ProcessResult(int ExitCode, string Output);

internal static class ProcessRunner
{
    /// <summary>Runs a program to completion (stdout and stderr merged); kills it past <paramref name="timeout"/>.</summary>
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory,
        TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        if (environment is not null)
        {
            foreach (var (key, value) in environment) psi.Environment[key] = value;
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + fileName);
        var output = new System.Text.StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within {timeout}:\n{output}");
        }
        await Task.WhenAll(stdout, stderr);
        return new ProcessResult(process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, System.Text.StringBuilder sink)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink) sink.AppendLine(line);
        }
    }
}
