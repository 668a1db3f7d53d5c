using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Nexus.Kernel.Http;
using Nexus.Kernel.Nxml;

using Nexus.Kernel.Hosting;

using Nexus.Kernel.Json;

namespace Nexus.Kernel.OpenApi;

/// <summary>
/// The HTTP API described at <c>/openapi/v1.json</c> by the framework's generator (source-generated schemas, AOT
/// safe). Handlers read their bodies themselves (to word every fault), so request bodies and the problem responses
/// are added here; <c>Nexus.Kernel.Tests/OpenApi</c> checks the document against the routes and real responses.
/// </summary>
internal static class KernelOpenApi
{
    public const string Path = "/openapi/v1.json";

    private static readonly Dictionary<string, Type> RequestBodies = new(StringComparer.Ordinal)
    {
        ["POST panels"] = typeof(CreatePanelRequest),
        ["POST panels/from-nxml"] = typeof(NxmlPanelRequest),
        ["POST panels/{id}/trigger/{tool}"] = typeof(System.Text.Json.JsonElement),
    };

    public static IServiceCollection AddKernelOpenApi(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Nexus Kernel",
                Version = "v1",
                Description = "Panels API. Errors are application/problem+json with code and error. The WebSocket protocol is docs/websocket.md.",
            };
            return Task.CompletedTask;
        });
        // Null members are left out of every answer (WhenWritingNull), so a nullable member is never "required".
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is not null || schema.Required is not { Count: > 0 } required) return Task.CompletedTask;
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null) required.Remove(property.Name);
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellation) =>
        {
            var key = $"{context.Description.HttpMethod} {context.Description.RelativePath}";
            if (RequestBodies.TryGetValue(key, out var bodyType))
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = bodyType != typeof(System.Text.Json.JsonElement),
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(bodyType, null, cancellation) },
                    },
                };
            }
            operation.Responses ??= [];
            operation.Responses["default"] = new OpenApiResponse
            {
                Description = "A problem: status, code, detail and error (the same text as detail)",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(Problem), null, cancellation) },
                },
            };
        });
    });

    public static WebApplication MapKernelOpenApi(this WebApplication app)
    {
        app.MapOpenApi(Path);
        return app;
    }
}
