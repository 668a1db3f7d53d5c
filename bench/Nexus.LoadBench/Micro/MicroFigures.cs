using System.Globalization;
using Nexus.LoadBench.Proof;

namespace Nexus.LoadBench.Micro;

/// <summary>
/// The in-process figures from bench/Nexus.Bench: the counter handler as a plain call, on a warm and on a pristine
/// sandbox (<c>--sandbox</c>), and memory store vs Redis store through the AOT binary (<c>--store</c>, needs
/// redis-server). Each is either numbers or the reason it is missing.
/// </summary>
internal sealed class MicroFigures
{
    public Dictionary<string, double>? Sandbox { get; private set; }
    public string? SandboxMissing { get; private set; }
    public Dictionary<string, double>? Store { get; private set; }
    public string? StoreMissing { get; private set; }
    public int SandboxSamples { get; private set; }
    public int StoreSeconds { get; private set; }

    public static async Task<MicroFigures> MeasureAsync(ProofOptions options, CancellationToken cancellationToken)
    {
        var profile = options.Profile;
        var figures = new MicroFigures { SandboxSamples = profile.SandboxSamples, StoreSeconds = profile.StoreSeconds };
        Progress.Say("micro: Nexus.Bench --sandbox");
        try
        {
            figures.Sandbox = await NexusBenchRun.RunAsync(options.Root, "--sandbox", Text(profile.SandboxSamples), TimeSpan.FromMinutes(4), cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            figures.SandboxMissing = error.Message;
        }

        Progress.Say("micro: Nexus.Bench --store (memory vs Redis, AOT binary)");
        if (!OnPath("redis-server")) figures.StoreMissing = "redis-server is not installed (tools/bootstrap.sh installs it)";
        else if (!File.Exists(Path.Combine(options.Root, "artifacts", "aot", "nexus-kernel"))) figures.StoreMissing = "artifacts/aot/nexus-kernel is missing";
        else
        {
            try
            {
                figures.Store = await NexusBenchRun.RunAsync(options.Root, "--store", Text(profile.StoreSeconds), TimeSpan.FromMinutes(4), cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                figures.StoreMissing = error.Message;
            }
        }
        return figures;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, program)));
}
