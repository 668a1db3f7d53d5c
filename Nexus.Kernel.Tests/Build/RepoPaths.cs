namespace Nexus.Kernel.Tests.Build;

/// <summary>Where the repository and its outputs are, found from the test assembly's location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    public static string Tools => Path.Combine(Root, "tools");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nexus.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("Nexus.slnx not found above " + AppContext.BaseDirectory);
    }
}
