using Nexus.Kernel.Json;

namespace Nexus.Kernel.Hosting;

/// <summary>Every problem the API returns, one factory each, so codes and statuses stay consistent.</summary>
internal static class Problems
{
    public static ProblemResult Unauthorized(string detail) => Make(401, "Unauthorized", "UNAUTHORIZED", detail);
    public static ProblemResult Forbidden(string scope) => Make(403, "Forbidden", "FORBIDDEN", $"missing scope {scope}");
    public static ProblemResult ForbiddenDetail(string detail) => Make(403, "Forbidden", "FORBIDDEN", detail);
    public static ProblemResult PanelNotFound(string id) => Make(404, "Panel not found", "PANEL_NOT_FOUND", $"panel '{id}' does not exist");
    public static ProblemResult ToolNotFound(string panel, string tool) => Make(404, "Tool not found", "TOOL_NOT_FOUND", $"panel '{panel}' has no tool '{tool}'");
    public static ProblemResult NotFound(string path) => Make(404, "Not found", "NOT_FOUND", $"no route for {path}");
    public static ProblemResult MethodNotAllowed(string method, string path) => Make(405, "Method not allowed", "INVALID_REQUEST", $"{method} is not allowed on {path}");
    public static ProblemResult PanelExists(string id) => Make(409, "Panel exists", "PANEL_EXISTS", $"panel '{id}' already exists");
    public static ProblemResult InvalidRequest(string detail) => Make(400, "Invalid request", "INVALID_REQUEST", detail);
    public static ProblemResult PayloadTooLarge(string detail) => Make(413, "Payload too large", "PAYLOAD_TOO_LARGE", detail);
    public static ProblemResult RequestTimeout(string detail) => Make(408, "Request timeout", "REQUEST_TIMEOUT", detail);
    public static ProblemResult HeadersTooLarge(string detail) => Make(431, "Request headers too large", "HEADERS_TOO_LARGE", detail);
    public static ProblemResult PanelLimit(string detail) => Make(429, "Panel limit reached", "PANEL_LIMIT", detail, TimeSpan.FromSeconds(30));
    public static ProblemResult QueueFull(string id) => Make(429, "Queue full", "QUEUE_FULL", $"panel '{id}' has too many waiting executions", TimeSpan.FromSeconds(1));
    public static ProblemResult NotReady(string detail) => Make(503, "Not ready", "NOT_READY", detail, TimeSpan.FromSeconds(5));
    public static ProblemResult Internal() => Make(500, "Internal error", "INTERNAL_ERROR", "the server failed to handle the request");

    public static ProblemResult Compilation(string tool, string message, int? line, int? column) =>
        new(new Problem(TypeOf("COMPILATION_ERROR"), "Compilation error", 400, message, "COMPILATION_ERROR")
        {
            Tool = tool,
            Line = line,
            Column = column,
        });

    public static ProblemResult InvalidNxml(string detail, int line, int position) =>
        new(new Problem(TypeOf("INVALID_NXML"), "Invalid NXML", 400, $"{detail} (line {line}, position {position})", "INVALID_NXML")
        {
            Line = line,
            Column = position,
        });

    private static ProblemResult Make(int status, string title, string code, string detail, TimeSpan? retryAfter = null) =>
        new(new Problem(TypeOf(code), title, status, detail, code), retryAfter);

    private static string TypeOf(string code) => "urn:nexus-kernel:problem:" + code.ToLowerInvariant().Replace('_', '-');
}
