namespace Nexus.Kernel.Configuration;

/// <summary>A bad setting: its message is the one line printed before the process exits.</summary>
internal sealed class ConfigurationException(string message) : Exception(message)
{
    public static ConfigurationException Invalid(string variable, string? value, string rule, bool secret = false)
    {
        var shown = secret ? "(secret, not shown)" : $"\"{value}\"";
        return new ConfigurationException($"invalid configuration: {variable}={shown}: {rule}");
    }
}
