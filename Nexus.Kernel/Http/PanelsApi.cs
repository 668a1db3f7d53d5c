using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Http;

/// <summary>The panels REST API (README "API at a glance").</summary>
internal static class PanelsApi
{
    public static IEndpointRouteBuilder MapPanels(this IEndpointRouteBuilder app)
    {
        var panels = app.MapGroup("/panels");
        panels.MapPost("", CreateAsync).RequireScope(Scopes.Write);
        panels.MapGet("", ListAsync).RequireScope(Scopes.Read);
        panels.MapGet("/{id}", GetAsync).RequireScope(Scopes.Read);
        panels.MapGet("/{id}/state", GetStateAsync).RequireScope(Scopes.Read);
        panels.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.Write);
        panels.MapPost("/{id}/trigger/{tool}", TriggerApi.TriggerAsync).RequireScope(Scopes.Execute);
        return app;
    }

    private static async Task<Results<Created<CreatePanelResponse>, ProblemResult>> CreateAsync(
        HttpContext context, PanelService service, HttpApiOptions options, PanelOptions panels, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync(context.Request, KernelJsonContext.Default.CreatePanelRequest);
        if (problem is not null) return problem;
        var (draft, invalid) = CreatePanelValidator.Validate(request!, context.Caller(), options, panels, time.GetUtcNow());
        if (invalid is not null) return invalid;

        var id = draft!.Definition.Id;
        var result = await service.CreateAsync(draft, context.RequestAborted);
        return result.Status switch
        {
            CreateStatus.Created => TypedResults.Created($"/panels/{id}", new CreatePanelResponse(id, "running", PublicUrls.WebSocketUrl(context, options, id))),
            CreateStatus.Exists => Problems.PanelExists(id),
            CreateStatus.PanelLimit => Problems.PanelLimit($"the kernel holds MAX_PANELS ({panels.MaxPanels}) panels"),
            CreateStatus.SubjectLimit => Problems.PanelLimit($"this subject owns MAX_PANELS_PER_SUBJECT ({panels.MaxPanelsPerSubject}) panels"),
            CreateStatus.CompilationFailed => Problems.Compilation(result.FailedTool!, result.Message!, result.Line, result.Column),
            _ => Problems.NotReady("the kernel is shutting down"),
        };
    }

    private static async Task<Ok<PanelList>> ListAsync(HttpContext context, PanelService service)
    {
        var panels = await service.ListAsync(context.Caller(), context.RequestAborted);
        var summaries = panels.Select(p => PanelViews.Summary(p, service.Runtime(p.Definition.Id))).ToList();
        return TypedResults.Ok(new PanelList(summaries, summaries.Count));
    }

    private static async Task<Results<Ok<PanelInfo>, ProblemResult>> GetAsync(string id, HttpContext context, PanelService service)
    {
        var panel = await service.FindAsync(context.Caller(), id, context.RequestAborted);
        var state = panel is null ? null : await service.GetStateAsync(context.Caller(), id, context.RequestAborted);
        if (panel is null || state is null) return Problems.PanelNotFound(id);
        return TypedResults.Ok(PanelViews.Info(panel, state, service.Runtime(id)));
    }

    private static async Task<Results<JsonHttpResult<IReadOnlyDictionary<string, JsonElement>>, ProblemResult>> GetStateAsync(
        string id, HttpContext context, PanelService service)
    {
        var state = await service.GetStateAsync(context.Caller(), id, context.RequestAborted);
        if (state is null) return Problems.PanelNotFound(id);
        return TypedResults.Json(state.Values, KernelJsonContext.Default.IReadOnlyDictionaryStringJsonElement);
    }

    private static async Task<Results<NoContent, ProblemResult>> DeleteAsync(string id, HttpContext context, PanelService service) =>
        await service.DeleteAsync(context.Caller(), id, context.RequestAborted) ? TypedResults.NoContent() : Problems.PanelNotFound(id);
}
