using System.Text.Json;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;

namespace Nexus.Kernel.Nxml;

/// <summary>Reads the body of <c>POST /panels/from-nxml</c> (<see cref="NxmlPanelRequest"/>).</summary>
internal static class NxmlRequestReader
{
    /// <summary>
    /// Read member by member rather than by the serializer, so that an unknown member is named as such in every
    /// build (the AOT binary trims the serializer's messages to resource keys).
    /// </summary>
    public static (NxmlPanelRequest? Request, ProblemResult? Problem) From(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) return (null, Problems.InvalidRequest("the body must be a JSON object"));
        string? source = null;
        JsonElement? initialState = null;
        foreach (var member in body.EnumerateObject())
        {
            switch (member.Name)
            {
                case "nxmlSource" when member.Value.ValueKind is JsonValueKind.String:
                    if (TextOf(member.Value) is not { } text) return (null, Problems.InvalidRequest("nxmlSource: a lone surrogate (not well-formed Unicode)"));
                    source = text;
                    break;
                case "nxmlSource" when member.Value.ValueKind is not JsonValueKind.Null:
                    return (null, Problems.InvalidRequest("nxmlSource must be a string (the NXML document)"));
                case "nxmlSource":
                    break;
                case "initialState":
                    initialState = member.Value;
                    break;
                default:
                    return (null, Problems.InvalidRequest($"unknown member '{member.Name}' (expected nxmlSource and initialState)"));
            }
        }
        return (new NxmlPanelRequest(source, initialState), null);
    }

    // A JSON escape of a lone surrogate parses, but cannot become a .NET string.
    private static string? TextOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
