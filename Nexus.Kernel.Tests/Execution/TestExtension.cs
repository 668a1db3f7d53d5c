using System.Text.Json;
using System.Threading.Channels;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Tests.Execution;

/// <summary>A test-only extension plugged into the registry: <c>wait</c> completes when the test says so.</summary>
internal sealed class TestExtension : IExtension
{
    private readonly Channel<PendingWait> _waits = Channel.CreateUnbounded<PendingWait>();

    public string Name => "test";

    public IReadOnlyCollection<string> Methods { get; } = ["wait", "echo", "fail"];

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<JsonElement> InvokeAsync(string method, JsonElement args, CancellationToken cancellationToken)
    {
        switch (method)
        {
            case "echo":
                return args;
            case "fail":
                throw new InvalidOperationException("upstream refused " + args[0].GetString());
            default:
                var wait = new PendingWait(args, new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously));
                await _waits.Writer.WriteAsync(wait, cancellationToken);
                return await wait.Completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The next <c>wait</c> call the engine made; the test completes it.</summary>
    public ValueTask<PendingWait> NextWaitAsync() => _waits.Reader.ReadAsync();
}

internal sealed record PendingWait(JsonElement Args, TaskCompletionSource<JsonElement> Completion);
