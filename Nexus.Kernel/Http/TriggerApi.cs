using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Http;

/// <summary>POST /panels/{id}/trigger/{tool}: body <c>{"args": ...}</c> (optional); 200 with the final result.</summary>
internal static class TriggerApi
{

    public static async Task<Results<Ok<ExecutionResult>, ProblemResult>> TriggerAsync(string id, string tool, HttpContext context, PanelService service)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, KernelJsonContext.Default.TriggerRequestBody, optional: true);
        if (problem is not null) return problem;
        var args = body?.Args is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given ? given : EmptyJson.Object;

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
}
