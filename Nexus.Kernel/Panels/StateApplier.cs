using System.Collections.Immutable;
using System.Text.Json;
using Nexus.Kernel.Execution;

namespace Nexus.Kernel.Panels;

internal static class StateApplier
{
    /// <summary>
    /// Applies mutations in order to an immutable state (the input is never changed) and keeps the state's
    /// <see cref="StateSize.EntriesOf"/> in <paramref name="entries"/> up to date, measuring only the keys the batch
    /// touches: a commit on a 1 MiB state used to measure all of it.
    /// </summary>
    public static ImmutableDictionary<string, JsonElement> Apply(ImmutableDictionary<string, JsonElement> state, IReadOnlyList<StateMutation> mutations,
        ref long entries)
    {
        var builder = state.ToBuilder();
        foreach (var mutation in mutations)
        {
            if (builder.TryGetValue(mutation.Key, out var old)) entries -= StateSize.Entry(mutation.Key, old);
            if (mutation.Op == "delete" || mutation.Value is null)
            {
                builder.Remove(mutation.Key);
            }
            else
            {
                builder[mutation.Key] = mutation.Value.Value;
                entries += StateSize.Entry(mutation.Key, mutation.Value.Value);
            }
        }
        return builder.ToImmutable();
    }
}
