using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Http;

/// <summary>
/// POST /panels/{id}/trigger/{tool}; 200 with the final result. The body is optional: an object whose only member is
/// <c>args</c> is the wrapped form, any other JSON is the arguments themselves (the original runtime's wire), none is <c>{}</c>.
/// </summary>
internal static class TriggerApi
{

    public static async Task<Results<Ok<ExecutionResult>, ProblemResult>> TriggerAsync(string id, string tool, HttpContext context, PanelService service)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, KernelJsonContext.Default.JsonDocument, optional: true);
        if (problem is not null) return problem;
        using var document = body;
        var args = ArgumentsOf(document?.RootElement);

        var outcome = await service.TriggerAsync(context.Caller(), id, tool, args, onProgress: null, context.RequestAborted);
        return outcome.Status switch
        {
            TriggerStatus.Completed => TypedResults.Ok(outcome.Result!),
            TriggerStatus.PanelNotFound => Problems.PanelNotFound(id),
            TriggerStatus.ToolNotFound => Problems.ToolNotFound(id, tool),
            TriggerStatus.QueueFull => Problems.QueueFull(id),
            _ => Problems.NotReady("the kernel is shutting down"),
        };
    }

    internal static JsonElement ArgumentsOf(JsonElement? body)
    {
        if (body is not { } root || root.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return EmptyJson.Object;
        if (root.ValueKind == JsonValueKind.Object && IsWrapped(root))
        {
            var args = root.GetProperty("args");
            return args.ValueKind == JsonValueKind.Null ? EmptyJson.Object : args.Clone();
        }
        return root.Clone();
    }

    private static bool IsWrapped(JsonElement root)
    {
        using var members = root.EnumerateObject();
        return members.MoveNext() && members.Current.NameEquals("args") && !members.MoveNext();
    }
}
