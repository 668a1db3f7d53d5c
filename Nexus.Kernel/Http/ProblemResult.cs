using System.Globalization;
using System.Text.Json;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.Http;

/// <summary>RFC 9457 problem details with the kernel's extra <c>code</c> member (DESIGN §4).</summary>
internal sealed record Problem(string Type, string Title, int Status, string Detail, string Code)
{
    public string? Tool { get; init; }
    public int? Line { get; init; }
    public int? Column { get; init; }

    /// <summary>The same text as <see cref="Detail"/>: clients of the original Nexus Runtime read the reason from <c>error</c>.</summary>
    public string Error => Detail;
}

/// <summary>Writes a <see cref="Problem"/> as <c>application/problem+json</c> through the source-generated context.</summary>
internal sealed class ProblemResult(Problem problem, TimeSpan? retryAfter = null) : IResult, IStatusCodeHttpResult
{
    public Problem Problem { get; } = problem;

    public int? StatusCode => Problem.Status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Problem.Status;
        response.ContentType = "application/problem+json";
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        await JsonSerializer.SerializeAsync(response.Body, Problem, KernelJsonContext.Default.Problem, httpContext.RequestAborted);
    }
}
