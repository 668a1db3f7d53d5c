using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Observability;

internal static class KernelLogging
{
    /// <summary>
    /// Replaces the default providers with the JSON line logger at LOG_LEVEL. ASP.NET Core's hosting log
    /// ("Request starting ... {Path}{QueryString}") and Kestrel's bad-request log would write a <c>?token=</c>, so
    /// those categories are held at Warning whatever LOG_LEVEL says.
    /// </summary>
    public static ILoggingBuilder AddKernelLogging(this ILoggingBuilder logging, LoggingOptions options, LogSink sink)
    {
        var level = options.LogLevel switch
        {
            KernelLogLevel.Debug => LogLevel.Debug,
            KernelLogLevel.Warn => LogLevel.Warning,
            KernelLogLevel.Error => LogLevel.Error,
            _ => LogLevel.Information,
        };
        logging.ClearProviders();
        logging.AddProvider(new JsonLineLoggerProvider(sink, options.LogFormat));
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", level == LogLevel.Debug ? LogLevel.Debug : LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", level == LogLevel.Debug ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        return logging;
    }
}
