using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.Http;

/// <summary>
/// Reads a JSON request body with the source-generated serializer, turning every way it can go wrong into a
/// clear problem: wrong media type, over BODY_LIMIT (413), too slow (408), malformed JSON (400 with the position),
/// and JSON that breaks the client rules of <see cref="ClientJson"/> (400 naming what and where). The body is read
/// whole first (BODY_LIMIT bounds it), so the rules are checked before anything is deserialized or stored.
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
            var body = await ReadAllAsync(request);
            if (ClientJson.Check(body.Span, ClientJson.MaxDepth + 1) is { } breach) return (null, Problems.InvalidRequest(breach));
            var value = Deserialize(body.Span, type);
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
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            return (null, Problems.RequestTimeout("the body arrived too slowly"));
        }
        catch (BadHttpRequestException error)
        {
            return (null, Problems.InvalidRequest($"the body could not be read ({error.StatusCode})"));
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>The body is one level above the client's values, and the check above already bounded their depth.</summary>
    private static T? Deserialize<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> type)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = ClientJson.EnvelopeDepth });
        var value = JsonSerializer.Deserialize(ref reader, type);
        // Reading one value from a reader ignores what follows it; a body is one value and nothing else.
        if (reader.Read()) throw new JsonException("content after the JSON value");
        return value;
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
