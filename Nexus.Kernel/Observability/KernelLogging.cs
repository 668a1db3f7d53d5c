using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Observability;

internal static class KernelLogging
{
    /// <summary>
    /// The process's one logger factory: the JSON line logger at LOG_LEVEL. It is made before the host (the engine
    /// starts loading QuickJS first and logs through it), and the host is given this factory rather than its own.
    /// ASP.NET Core's hosting log ("Request starting ... {Path}{QueryString}") and Kestrel's bad-request log would
    /// write a <c>?token=</c>, so those categories are held at Warning whatever LOG_LEVEL says.
    /// </summary>
    public static ILoggerFactory CreateFactory(LoggingOptions options, LogSink sink)
    {
        var level = options.LogLevel switch
        {
            KernelLogLevel.Debug => LogLevel.Debug,
            KernelLogLevel.Warn => LogLevel.Warning,
            KernelLogLevel.Error => LogLevel.Error,
            _ => LogLevel.Information,
        };
        var filters = new LoggerFilterOptions { MinLevel = level };
        AddRule(filters, "Microsoft", level == LogLevel.Debug ? LogLevel.Debug : LogLevel.Warning);
        AddRule(filters, "Microsoft.Hosting.Lifetime", level == LogLevel.Debug ? LogLevel.Debug : LogLevel.Information);
        AddRule(filters, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        AddRule(filters, "Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning);
        AddRule(filters, "Microsoft.AspNetCore.HttpLogging", LogLevel.None);
        return new LoggerFactory([new JsonLineLoggerProvider(sink, options.LogFormat)], filters);
    }

    /// <summary>Hands the host <paramref name="factory"/>: every <c>ILogger&lt;T&gt;</c> it makes comes from it.</summary>
    public static ILoggingBuilder UseFactory(this ILoggingBuilder logging, ILoggerFactory factory)
    {
        logging.ClearProviders();
        logging.Services.AddSingleton(_ => factory); // a factory registration: the container disposes it with the host
        return logging;
    }

    private static void AddRule(LoggerFilterOptions filters, string category, LogLevel level) =>
        filters.Rules.Add(new LoggerFilterRule(providerName: null, category, level, filter: null));
}
