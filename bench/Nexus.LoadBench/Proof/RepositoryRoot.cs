namespace Nexus.LoadBench.Proof;

/// <summary>The repository's root (the folder holding Nexus.slnx), from the working directory or the bench's own location.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Nexus.slnx"))) return directory.FullName;
            }
        }
        throw new ArgumentException("run from inside the repository (no Nexus.slnx found above the working directory)");
    }
}
