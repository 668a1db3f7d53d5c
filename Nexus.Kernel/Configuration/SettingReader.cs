using System.Globalization;

namespace Nexus.Kernel.Configuration;

/// <summary>Typed, rule-checked reads of single variables of the table (<see cref="Settings"/>). An empty value
/// counts as unset.</summary>
internal sealed class SettingReader(IConfiguration configuration)
{
    public string? String(string name)
    {
        var value = configuration[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public bool IsSet(Setting setting) => String(setting.Name) is not null;

    /// <summary>An integer setting of the table, with its own default and bounds.</summary>
    public int Int(Setting setting) => Int(setting.Name, setting.DefaultNumber, setting.Min, setting.Max);

    /// <summary>An integer setting whose upper bound is another setting's value; its default is capped by it too.</summary>
    public int Int(Setting setting, int max) => Int(setting.Name, Math.Min(setting.DefaultNumber, max), setting.Min, max);

    /// <summary>Any other setting of the table: its default when unset, else its parse.</summary>
    public T Read<T>(Setting<T> setting)
    {
        var raw = String(setting.Name);
        if (raw is null) return setting.Fallback;
        try
        {
            return setting.Parse(raw);
        }
        catch (FormatException broken)
        {
            throw ConfigurationException.Invalid(setting.Name, raw, broken.Message, setting.Secret);
        }
    }

    private int Int(string name, int fallback, int min, int max)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ConfigurationException.Invalid(name, raw, max == int.MaxValue
                ? $"must be an integer >= {min}"
                : $"must be an integer from {min} to {max}");
        }
        return value;
    }
}
