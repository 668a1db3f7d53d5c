using Nexus.Kernel.Tests.Build;

namespace Nexus.Kernel.Tests.Deployment;

/// <summary>
/// Runs one of the repository's Node scripts (tools/k8s, tools/docker) and returns its stdout. A missing tool is a
/// failure with the script's own message, never a skip: CI must notice when bootstrap did not run.
/// </summary>
internal static class NodeScript
{
    public static async Task<string> RunAsync(string scriptRelativeToTools, params string[] args)
    {
        var script = Path.Combine(RepoPaths.Tools, scriptRelativeToTools);
        var stdoutFile = Path.Combine(Path.GetTempPath(), $"nexus-node-{Guid.NewGuid():N}.json");
        try
        {
            // stdout goes to a file so the JSON is not interleaved with stderr (ProcessRunner merges both).
            var result = await ProcessRunner.RunAsync("bash",
                ["-c", "node \"$0\" \"$@\" > \"$NEXUS_STDOUT\"", script, .. args],
                RepoPaths.Root, TimeSpan.FromMinutes(2),
                new Dictionary<string, string> { ["NEXUS_STDOUT"] = stdoutFile });
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"node {scriptRelativeToTools} {string.Join(' ', args)} exited {result.ExitCode} " +
                    $"(run tools/bootstrap.sh if a tool is missing):\n{result.Output}");
            }
            return await File.ReadAllTextAsync(stdoutFile);
        }
        finally
        {
            File.Delete(stdoutFile);
        }
    }
}
