using System.Collections.Immutable;
using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

internal static class StateApplier
{
    /// <summary>Applies mutations in order to an immutable state; the input is never changed.</summary>
    public static ImmutableDictionary<string, JsonElement> Apply(ImmutableDictionary<string, JsonElement> state, IReadOnlyList<StateMutation> mutations)
    {
        var builder = state.ToBuilder();
        foreach (var mutation in mutations)
        {
            if (mutation.Op == "delete" || mutation.Value is null) builder.Remove(mutation.Key);
            else builder[mutation.Key] = mutation.Value.Value;
        }
        return builder.ToImmutable();
    }
}
