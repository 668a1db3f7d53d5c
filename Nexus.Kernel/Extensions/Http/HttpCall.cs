using System.Text.Json;

namespace Nexus.Kernel.Extensions.Http;

/// <summary>One outbound request as a handler described it.</summary>
internal sealed record HttpCall(HttpMethod Method, Uri Url, JsonElement? Body, IReadOnlyList<KeyValuePair<string, string>> Headers, TimeSpan? Timeout)
{
    /// <summary>
    /// Reads the guest's arguments: <c>get|head|delete(url, options?)</c>, <c>post|put|patch(url, body?, options?)</c>,
    /// <c>request({method, url, body, headers, timeout})</c>; options are <c>{headers, timeout}</c>.
    /// </summary>
    public static HttpCall Parse(string method, JsonElement args)
    {
        var list = args.ValueKind == JsonValueKind.Array ? args.EnumerateArray().ToList() : [args];
        return method switch
        {
            "request" => FromObject(list.ElementAtOrDefault(0)),
            "get" or "head" or "delete" => From(new HttpMethod(method.ToUpperInvariant()), list.ElementAtOrDefault(0), null, list.ElementAtOrDefault(1)),
            "post" or "put" or "patch" => From(new HttpMethod(method.ToUpperInvariant()), list.ElementAtOrDefault(0), list.ElementAtOrDefault(1), list.ElementAtOrDefault(2)),
            _ => throw new ArgumentException($"unknown method {method}"),
        };
    }

    private static HttpCall FromObject(JsonElement spec)
    {
        if (spec.ValueKind != JsonValueKind.Object) throw new ArgumentException("request() takes {method, url, body, headers, timeout}");
        var method = spec.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()!.ToUpperInvariant() : "GET";
        if (method is not ("GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE" or "OPTIONS")) throw new ArgumentException($"method {method} is not supported");
        var url = spec.TryGetProperty("url", out var u) ? u : default;
        var body = spec.TryGetProperty("body", out var b) ? b : default;
        return From(new HttpMethod(method), url, body, spec);
    }

    private static HttpCall From(HttpMethod method, JsonElement url, JsonElement? body, JsonElement options)
    {
        if (url.ValueKind != JsonValueKind.String || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("the url must be an absolute http(s) URL");
        }
        var headers = new List<KeyValuePair<string, string>>();
        TimeSpan? timeout = null;
        if (options.ValueKind == JsonValueKind.Object)
        {
            if (options.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in h.EnumerateObject())
                {
                    headers.Add(new(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText()));
                }
            }
            if (options.TryGetProperty("timeout", out var t) && t.TryGetInt32(out var ms) && ms > 0) timeout = TimeSpan.FromMilliseconds(ms);
        }
        var hasBody = body is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null };
        return new HttpCall(method, uri, hasBody ? body : null, headers, timeout);
    }
}
