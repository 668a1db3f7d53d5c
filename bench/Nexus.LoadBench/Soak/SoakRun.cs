namespace Nexus.LoadBench.Soak;

/// <summary>
/// STUB, so Program.cs compiles on the proof branch: the soak run is written on the soak branch
/// (bench/Nexus.LoadBench/Soak/), whose SoakRun.cs replaces this file at the merge. It receives the arguments after
/// "soak": <c>[binary, seconds]</c>.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        await Console.Error.WriteLineAsync($"soak ({string.Join(' ', args)}): not on this branch yet (bench/Nexus.LoadBench/Soak/ lands with the soak branch)");
        return 2;
    }
}
