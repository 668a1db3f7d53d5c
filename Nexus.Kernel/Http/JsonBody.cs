using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace Nexus.Kernel.Http;

/// <summary>
/// Reads a JSON request body with the source-generated serializer, turning every way it can go wrong into a
/// clear problem: wrong media type, over BODY_LIMIT (413), malformed JSON (400 with the position).
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, ProblemResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, bool optional = false)
        where T : class
    {
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && request.ContentLength > max)
        {
            return (null, Problems.PayloadTooLarge($"the body is {request.ContentLength} bytes; BODY_LIMIT is {max}"));
        }
        if (optional && request.ContentLength is 0 or null && !request.Headers.TransferEncoding.Any()) return (null, null);
        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.InvalidRequest($"Content-Type must be application/json, not {contentType}"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return value is null && !optional ? (null, Problems.InvalidRequest("the body must be a JSON object, not null")) : (value, null);
        }
        catch (JsonException error)
        {
            return (null, Problems.InvalidRequest(Describe(error)));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge($"the body exceeds BODY_LIMIT ({limit} bytes)"));
        }
    }

    private static string Describe(JsonException error)
    {
        var where = error.LineNumber is { } line ? $" at line {line + 1}, byte {error.BytePositionInLine + 1}" : "";
        var path = string.IsNullOrEmpty(error.Path) || error.Path == "$" ? "" : $" ({error.Path})";
        if (IsUnknownMember(error.Message)) return $"unknown member '{LastSegment(error.Path)}'{where}";
        var what = error.Message.Contains("could not be converted", StringComparison.Ordinal) ? "a value has the wrong type" : "malformed JSON";
        return $"{what}{path}{where}";
    }

    // Valid JSON that a type refuses (JsonUnmappedMemberHandling.Disallow) is not "malformed". The AOT binary trims
    // messages to their resource keys, so both spellings are recognised.
    private static bool IsUnknownMember(string message) =>
        message.Contains("could not be mapped", StringComparison.Ordinal) || message.Contains("Unmapped", StringComparison.Ordinal);

    private static string LastSegment(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "?";
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return path[(cut + 1)..].Trim('\'', ']');
    }
}
