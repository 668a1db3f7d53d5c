using System.Text;
using System.Text.Json;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Extensions.Http;

/// <summary>
/// <c>$ext.http</c>: <c>get</c>, <c>post</c>, <c>put</c>, <c>patch</c>, <c>delete</c>, <c>head</c>, <c>request</c>. Resolves to
/// <c>{status, headers, data, ok}</c> (<c>data</c> parsed when the response is JSON); a non-2xx status is not an error.
/// A refused or failed call rejects the promise with a message that says why.
/// </summary>
internal sealed class HttpExtension(GuardedHttpClient client, HttpExtensionOptions options) : IExtension
{
    public string Name => "http";

    public IReadOnlyCollection<string> Methods { get; } = ["get", "post", "put", "patch", "delete", "head", "request"];

    public TimeSpan Timeout { get; } = TimeSpan.FromMilliseconds(options.HttpTimeoutMs);

    public async Task<JsonElement> InvokeAsync(string method, JsonElement args, CancellationToken cancellationToken)
    {
        var call = HttpCall.Parse(method, args);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = call.Timeout is { } asked && asked < Timeout ? asked : Timeout;
        timeout.CancelAfter(limit);
        try
        {
            return ToJson(await client.SendAsync(call, timeout.Token));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{call.Method} {call.Url.Host} timed out after {limit.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException error)
        {
            throw new HttpRequestException($"{call.Method} {call.Url.Host} failed: {error.Message}");
        }
    }

    private static JsonElement ToJson(HttpReply reply)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", reply.Status);
            writer.WriteBoolean("ok", reply.Status is >= 200 and < 300);
            writer.WriteStartObject("headers");
            foreach (var (name, value) in reply.Headers) writer.WriteString(name, value);
            writer.WriteEndObject();
            writer.WritePropertyName("data");
            WriteData(writer, reply);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void WriteData(Utf8JsonWriter writer, HttpReply reply)
    {
        if (reply.Body.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }
        if (reply.ContentType is { } type && (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal)))
        {
            try
            {
                using var parsed = JsonDocument.Parse(reply.Body);
                parsed.RootElement.WriteTo(writer);
                return;
            }
            catch (JsonException)
            {
                // not actually JSON: hand it over as text
            }
        }
        writer.WriteStringValue(Encoding.UTF8.GetString(reply.Body));
    }
}
