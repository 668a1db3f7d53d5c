namespace Nexus.LoadBench.Soak;

/// <summary>
/// STUB, so Program.cs compiles on the proof branch: the soak run is written on the soak branch
/// (bench/Nexus.LoadBench/Soak/), whose SoakRun.cs replaces this file at the merge. It receives the whole command
/// line, "soak" included: <c>soak &lt;binary&gt; &lt;seconds&gt;</c>.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        await Console.Error.WriteLineAsync($"soak ({string.Join(' ', args.Skip(1))}): not on this branch yet (bench/Nexus.LoadBench/Soak/ lands with the soak branch)");
        return 2;
    }
}
