using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nexus.Kernel.Configuration;

namespace Nexus.Kernel.Observability;

/// <summary>
/// One JSON object per line (<c>time</c>, <c>level</c>, <c>message</c>, <c>eventId</c>, <c>category</c>, then the
/// message's named fields), or a plain line for <c>LOG_FORMAT=console</c>. A <c>token=</c> in any text is redacted
/// as a last line of defence; the real protection is that nothing logs query strings (see KernelLogging).
/// </summary>
internal sealed partial class JsonLineLoggerProvider(LogSink sink, LogFormat format) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(categoryName, sink, format);

    public void Dispose()
    {
    }

    [GeneratedRegex(@"(token=)[^&\s""]+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenPattern();

    internal static string Redact(string text) =>
        text.Contains("token=", StringComparison.OrdinalIgnoreCase) ? TokenPattern().Replace(text, "$1[redacted]") : text;

    private sealed class JsonLineLogger(string category, LogSink sink, LogFormat format) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var message = Redact(formatter(state, exception));
            var time = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            if (format == LogFormat.Console)
            {
                var error = exception is null ? "" : $" ({exception.GetType().Name}: {Redact(exception.Message)})";
                sink.WriteLine($"{time} {LevelName(logLevel),-5} {category}[{eventId.Id}] {message}{error}");
                return;
            }

            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("time", time);
                json.WriteString("level", LevelName(logLevel));
                json.WriteString("message", message);
                json.WriteNumber("eventId", eventId.Id);
                if (eventId.Name is { } name) json.WriteString("event", name);
                json.WriteString("category", category);
                if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
                {
                    foreach (var (key, value) in fields)
                    {
                        if (key == "{OriginalFormat}" || key is "message" or "time" or "level" or "eventId" or "category") continue;
                        WriteField(json, key, value);
                    }
                }
                if (exception is not null) json.WriteString("exception", Redact(exception.ToString()));
                json.WriteEndObject();
            }
            sink.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }

        private static void WriteField(Utf8JsonWriter json, string key, object? value)
        {
            switch (value)
            {
                case null: json.WriteNull(key); break;
                case bool b: json.WriteBoolean(key, b); break;
                case int i: json.WriteNumber(key, i); break;
                case long l: json.WriteNumber(key, l); break;
                case double d: json.WriteNumber(key, d); break;
                case string s: json.WriteString(key, Redact(s)); break;
                default: json.WriteString(key, Redact(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")); break;
            }
        }

        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace or LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "error",
            _ => "fatal",
        };
    }
}
