using System.Text.Json;

namespace Nexus.Kernel.Extensions;

/// <summary>
/// Outbound I/O a handler can await as <c>$ext.&lt;Name&gt;.&lt;method&gt;(...args)</c> (needs capability
/// <c>ext:&lt;Name&gt;</c>). Registered in DI; the engine finds it through <see cref="ExtensionRegistry"/>.
/// </summary>
internal interface IExtension
{
    string Name { get; }

    IReadOnlyCollection<string> Methods { get; }

    /// <summary>Upper bound for one call; the engine also caps it by the execution's remaining deadline.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Runs one call. <paramref name="args"/> is the JSON array of the guest's arguments. A thrown
    /// exception rejects the guest's promise with its message (EXTENSION_ERROR when uncaught).</summary>
    Task<JsonElement> InvokeAsync(string method, JsonElement args, CancellationToken cancellationToken);
}
