using Microsoft.AspNetCore.Http.HttpResults;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Http;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

using Nexus.Kernel.Hosting;

namespace Nexus.Kernel.Nxml;

/// <summary>
/// <c>POST /panels/from-nxml</c> <c>{nxmlSource, initialState?}</c>: how the original's front end creates every panel.
/// The document becomes an ordinary create request, so every rule of <c>POST /panels</c> applies to it.
/// </summary>
internal static class NxmlApi
{
    /// <summary>The original appended -1, -2, … to a document id already in use; this many tries, then PANEL_EXISTS.</summary>
    private const int MaxSuffix = 100;

    public static IEndpointRouteBuilder MapNxml(this IEndpointRouteBuilder app)
    {
        app.MapPost("/panels/from-nxml", CreateAsync).RequireScope(Scopes.Write);
        return app;
    }

    private static async Task<Results<Created<CreatePanelResponse>, ProblemResult>> CreateAsync(
        HttpContext context, PanelService service, HttpApiOptions options, PanelOptions panels, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync(context.Request, KernelJsonContext.Default.JsonDocument);
        if (problem is not null) return problem;
        using var document = body!;
        var (request, invalid) = NxmlRequestReader.From(document.RootElement);
        if (invalid is not null) return invalid;
        if (request!.NxmlSource is not { } source) return Problems.InvalidRequest("nxmlSource is required (the NXML document, as a string)");
        if (request.InitialState is { ValueKind: not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Null) })
        {
            return Problems.InvalidRequest("initialState must be a JSON object");
        }

        NxmlPanel panel;
        try
        {
            panel = NxmlParser.Parse(source);
        }
        catch (NxmlException error)
        {
            return Problems.InvalidNxml(error.Message, error.Line, error.Position);
        }

        for (var attempt = 0; ; attempt++)
        {
            var id = attempt == 0 || panel.Id is null ? panel.Id : $"{panel.Id}-{attempt}";
            var (draft, refused) = CreatePanelValidator.Validate(NxmlMapping.ToCreateRequest(panel, id, request.InitialState), context.Caller(), options, panels, time.GetUtcNow());
            if (refused is not null) return refused;
            var created = draft!.Definition.Id;
            var result = await service.CreateAsync(draft, context.RequestAborted);
            switch (result.Status)
            {
                case CreateStatus.Created:
                    return TypedResults.Created($"/panels/{created}", new CreatePanelResponse(created, "running", PublicUrls.WebSocketUrl(context, options, created)));
                case CreateStatus.Exists when panel.Id is not null && attempt < MaxSuffix:
                    continue;
                case CreateStatus.CompilationFailed:
                    return CompilationProblem(panel, result);
                default:
                    return result.Status switch
                    {
                        CreateStatus.Exists => Problems.PanelExists(created),
                        CreateStatus.PanelLimit => Problems.PanelLimit($"the kernel holds MAX_PANELS ({panels.MaxPanels}) panels"),
                        CreateStatus.SubjectLimit => Problems.PanelLimit($"this subject owns MAX_PANELS_PER_SUBJECT ({panels.MaxPanelsPerSubject}) panels"),
                        _ => Problems.NotReady("the kernel is shutting down"),
                    };
            }
        }
    }

    /// <summary>The handler's line, moved to where that line is in the document the client sent.</summary>
    private static ProblemResult CompilationProblem(NxmlPanel panel, CreateResult result)
    {
        var tool = panel.Tools.FirstOrDefault(t => t.Name == result.FailedTool);
        if (tool is null || result.Line is not { } line) return Problems.Compilation(result.FailedTool!, result.Message!, result.Line, result.Column);
        var documentLine = tool.HandlerLine + line - 1;
        return Problems.Compilation(tool.Name, $"{result.Message} (tool '{tool.Name}', document line {documentLine})", documentLine, result.Column);
    }
}
