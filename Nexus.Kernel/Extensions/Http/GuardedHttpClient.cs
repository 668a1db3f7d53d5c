using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Extensions.Http;

internal sealed record HttpReply(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, string? ContentType);

/// <summary>
/// The http extension's client: host allow-list checked for every hop (redirects are followed by hand), the
/// resolved address checked at connect time (so a name cannot resolve around the guard), HTTP_MAX_CONCURRENT calls
/// at once with a bounded wait queue, and HTTP_MAX_RESPONSE_BYTES enforced while reading.
/// </summary>
internal sealed partial class GuardedHttpClient : IDisposable
{
    private const int MaxRedirects = 5;
    private readonly HttpExtensionOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly SemaphoreSlim _slots;
    private readonly int _maxWaiting;
    private int _waiting;

    public GuardedHttpClient(HttpExtensionOptions options, ILogger<GuardedHttpClient> logger)
    {
        _options = options;
        _logger = logger;
        _slots = new SemaphoreSlim(options.HttpMaxConcurrent);
        _maxWaiting = options.HttpMaxConcurrent * 16;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<HttpReply> SendAsync(HttpCall call, CancellationToken cancellationToken)
    {
        CheckHost(call.Url);
        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw new HttpGuardException($"too many http calls waiting (HTTP_MAX_CONCURRENT={_options.HttpMaxConcurrent})");
        }
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        try
        {
            return await FollowAsync(call, cancellationToken);
        }
        catch (HttpRequestException error) when (error.InnerException is HttpGuardException guard)
        {
            throw guard;
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<HttpReply> FollowAsync(HttpCall call, CancellationToken cancellationToken)
    {
        var (method, url, body) = (call.Method, call.Url, call.Body);
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            foreach (var (name, value) in call.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            if (body is { } json)
            {
                request.Content = json.ValueKind == JsonValueKind.String
                    ? new StringContent(json.GetString()!, Encoding.UTF8, "text/plain")
                    : new StringContent(json.GetRawText(), Encoding.UTF8, "application/json");
            }
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                if (hop == MaxRedirects) throw new HttpGuardException($"more than {MaxRedirects} redirects");
                url = new Uri(url, location);
                if (url.Scheme is not ("http" or "https")) throw new HttpGuardException($"redirect to a {url.Scheme} URL refused");
                CheckHost(url);
                if (response.StatusCode == HttpStatusCode.SeeOther || (method == HttpMethod.Post && (int)response.StatusCode is 301 or 302))
                {
                    (method, body) = (HttpMethod.Get, null);
                }
                continue;
            }
            var bytes = await ReadLimitedAsync(response, cancellationToken);
            var headers = response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), string.Join(", ", h.Value)))
                .ToList();
            return new HttpReply((int)response.StatusCode, headers, bytes, response.Content.Headers.ContentType?.MediaType);
        }
    }

    private void CheckHost(Uri url)
    {
        var host = url.IdnHost.ToLowerInvariant();
        if (_options.HttpAllowedDomains.Contains(host)) return;
        Log.HostRefused(_logger, host);
        throw new HttpGuardException(_options.HttpAllowedDomains.Count == 0
            ? $"host {host} is not allowed: HTTP_ALLOWED_DOMAINS is empty"
            : $"host {host} is not in HTTP_ALLOWED_DOMAINS");
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = addresses.Where(AddressGuard.IsAllowedFamily).ToArray();
        if (!_options.HttpAllowPrivate && usable.FirstOrDefault(AddressGuard.IsPrivate) is { } blocked)
        {
            Log.AddressRefused(_logger, host, blocked.ToString());
            throw new HttpGuardException($"host {host} resolves to a private address ({blocked}); set HTTP_ALLOW_PRIVATE=true to allow it");
        }
        if (usable.Length == 0) throw new HttpGuardException($"host {host} has no address");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var max = _options.HttpMaxResponseBytes;
        if (response.Content.Headers.ContentLength > max) throw TooLarge(max);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) throw TooLarge(max);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static HttpGuardException TooLarge(long max) => new($"the response is larger than HTTP_MAX_RESPONSE_BYTES ({max} bytes)");

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    public void Dispose()
    {
        _client.Dispose();
        _slots.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(7101, LogLevel.Warning, "audit: http extension refused host {host}: not in HTTP_ALLOWED_DOMAINS", EventName = "HttpHostRefused")]
        public static partial void HostRefused(ILogger logger, string host);

        [LoggerMessage(7102, LogLevel.Warning, "audit: http extension refused host {host}: it resolves to private address {address}", EventName = "HttpAddressRefused")]
        public static partial void AddressRefused(ILogger logger, string host, string address);
    }
}
