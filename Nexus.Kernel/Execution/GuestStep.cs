using System.Text.Json;

namespace Nexus.Kernel.Execution;

/// <summary>Where a slice of guest code left the execution.</summary>
internal abstract record GuestStep;

/// <summary>The handler's promise settled with a value; <see cref="Mutations"/> is the final batch.</summary>
internal sealed record GuestCompleted(JsonElement? ReturnValue, IReadOnlyList<StateMutation> Mutations) : GuestStep;

/// <summary>The handler awaits extension calls; <see cref="Mutations"/> is the batch to flush before the I/O.</summary>
internal sealed record GuestSuspended(IReadOnlyList<StateMutation> Mutations) : GuestStep;

/// <summary>The execution is over with an error; the unflushed batch is dropped.</summary>
internal sealed record GuestFailed(ExecutionError Error) : GuestStep;
