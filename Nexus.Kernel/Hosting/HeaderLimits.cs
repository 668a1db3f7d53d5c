using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Nexus.Kernel.Hosting;

/// <summary>
/// Request header limits answered as problem details (431 <c>HEADERS_TOO_LARGE</c>). Kestrel refuses headers over
/// its own limits before any middleware runs, with a bodiless 431, and offers no hook for that response. So the
/// kernel enforces the documented limits (Kestrel's defaults: 32 KiB of headers, 100 fields) as the first step of
/// the pipeline, and Kestrel's limits are raised to a backstop above them (128 KiB; the count is bounded by the
/// size). Only requests past the backstop still get Kestrel's bare 431: those are not clients that read errors.
/// </summary>
internal static class HeaderLimits
{
    public const int MaxTotalBytes = 32 * 1024;
    public const int MaxCount = 100;
    public const int BackstopTotalBytes = 4 * MaxTotalBytes;

    public static void ApplyBackstop(KestrelServerLimits limits)
    {
        limits.MaxRequestHeadersTotalSize = BackstopTotalBytes;
        limits.MaxRequestHeaderCount = BackstopTotalBytes / 4; // the smallest field line ("a:\r\n") is 4 bytes
    }

    public static IApplicationBuilder UseHeaderLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var count = 0;
        long bytes = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + 2 + (value?.Length ?? 0) + 2; // "name: value\r\n", as Kestrel counts them
            }
        }
        if (count > MaxCount) return Problems.HeadersTooLarge($"the request has {count} header fields; at most {MaxCount} are accepted").ExecuteAsync(context);
        if (bytes > MaxTotalBytes) return Problems.HeadersTooLarge($"the request headers are {bytes} bytes; at most {MaxTotalBytes} are accepted").ExecuteAsync(context);
        return next(context);
    });
}
