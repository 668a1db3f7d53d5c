namespace Nexus.Kernel.Configuration;

/// <summary>
/// A secret given either as a variable (<c>JWT_SECRET</c>) or as the path of a file holding it
/// (<c>JWT_SECRET_FILE</c>, e.g. a mounted Kubernetes Secret), never both: two sources that could disagree are a
/// configuration error, not a precedence rule to remember.
/// </summary>
internal static class SecretSources
{
    public static string? Read(SettingReader read, string variable)
    {
        var fileVariable = variable + "_FILE";
        var direct = read.String(variable);
        var path = read.String(fileVariable);
        if (path is null) return direct;
        if (direct is not null)
        {
            throw new ConfigurationException($"invalid configuration: {variable} and {fileVariable} are both set: set one of them");
        }
        string content;
        try
        {
            content = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw ConfigurationException.Invalid(fileVariable, path, $"cannot be read ({error.GetType().Name}: {error.Message})");
        }
        // Files written by `echo` or an editor end in a newline that is not part of the secret.
        var value = content.TrimEnd('\r', '\n');
        return value.Length == 0 ? throw ConfigurationException.Invalid(fileVariable, path, "names an empty file") : value;
    }
}
