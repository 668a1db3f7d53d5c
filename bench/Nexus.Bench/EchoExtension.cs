using System.Text.Json;
using Nexus.Kernel.Extensions;

namespace Nexus.Bench;

/// <summary>An extension that answers at once, to time the await machinery (flush, park, resume).</summary>
internal sealed class EchoExtension : IExtension
{
    public string Name => "echo";

    public IReadOnlyCollection<string> Methods { get; } = ["back"];

    public TimeSpan Timeout => TimeSpan.FromSeconds(5);

    public async Task<JsonElement> InvokeAsync(string method, JsonElement args, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return args;
    }
}
