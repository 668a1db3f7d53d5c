using System.Collections.Frozen;

namespace Nexus.Kernel.Extensions;

/// <summary>Every <see cref="IExtension"/> registered in DI, by name. Built once; read on the hot path.</summary>
internal sealed partial class ExtensionRegistry
{
    private readonly FrozenDictionary<string, IExtension> _byName;

    public ExtensionRegistry(IEnumerable<IExtension> extensions, ILogger<ExtensionRegistry> logger)
    {
        var byName = new Dictionary<string, IExtension>(StringComparer.Ordinal);
        foreach (var extension in extensions)
        {
            if (!byName.TryAdd(extension.Name, extension))
            {
                Log.DuplicateIgnored(logger, extension.Name);
                continue;
            }
            Log.Registered(logger, extension.Name, string.Join(",", extension.Methods));
        }
        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static ExtensionRegistry Empty { get; } = new([], Microsoft.Extensions.Logging.Abstractions.NullLogger<ExtensionRegistry>.Instance);

    public IExtension? Find(string name) => _byName.GetValueOrDefault(name);
}
