using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Http;

/// <summary>Turns a <see cref="CreatePanelRequest"/> into a <see cref="PanelDraft"/>, or the first rule it breaks.</summary>
internal static partial class CreatePanelValidator
{

    // \z, not $: $ also matches before a final newline, and "p1\n" would pass (then break the Location header).
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z")]
    public static partial Regex IdPattern();

    public static (PanelDraft? Draft, ProblemResult? Problem) Validate(CreatePanelRequest request, Caller caller, HttpApiOptions options, PanelOptions panels, DateTimeOffset now)
    {
        var id = request.Id ?? "panel_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        if (!IdPattern().IsMatch(id)) return Fail("id must match [A-Za-z0-9_-]{1,64}");
        if (string.IsNullOrWhiteSpace(request.Kind) || request.Kind.Length > 128) return Fail("kind is required (1 to 128 characters)");
        if (request.Title is { Length: > 256 }) return Fail("title must be at most 256 characters");
        if (request.Tools is null) return Fail("tools is required (an array)");
        if (request.Tools.Count > options.MaxTools) return Fail($"a panel has at most MAX_TOOLS ({options.MaxTools}) tools");
        if (CheckCapabilities(request.Capabilities, "capabilities") is { } capsProblem) return (null, capsProblem);

        var tools = new List<ToolDefinition>(request.Tools.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Tools.Count; i++)
        {
            var (tool, problem) = ToolValidator.Validate(request.Tools[i], $"tools[{i}]", options);
            if (problem is not null) return (null, problem);
            if (!names.Add(tool!.Name)) return Fail($"tools[{i}].name '{tool.Name}' is used twice");
            tools.Add(tool);
        }

        var grantsExt = (request.Capabilities ?? []).Concat(tools.SelectMany(t => t.Capabilities ?? [])).Any(CapabilitySet.GrantsExtension);
        if (grantsExt && !caller.Has(Scopes.Ext)) return (null, Problems.ForbiddenDetail($"granting ext: capabilities needs scope {Scopes.Ext}"));

        if (!IsObjectOrAbsent(request.InitialState)) return Fail("initialState must be a JSON object");
        if (!IsObjectOrAbsent(request.Scope)) return Fail("scope must be a JSON object");
        if (!IsObjectOrAbsent(request.Metadata)) return Fail("metadata must be a JSON object");

        var state = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (request.InitialState is { ValueKind: JsonValueKind.Object } initial)
        {
            foreach (var property in initial.EnumerateObject()) state[property.Name] = property.Value.Clone();
        }
        var size = StateSize.Of(state);
        if (size > panels.MaxStateBytes) return (null, Problems.PayloadTooLarge($"initialState is {size} bytes; MAX_STATE_BYTES is {panels.MaxStateBytes}"));

        var definition = new PanelDefinition(id, request.Kind, request.Title, tools, request.Scope ?? EmptyJson.Object,
            request.Capabilities, request.Metadata, caller.Subject, now);
        return (new PanelDraft(definition, state), null);
    }

    internal static ProblemResult? CheckCapabilities(IReadOnlyList<string>? capabilities, string where)
    {
        if (capabilities is null) return null;
        foreach (var capability in capabilities)
        {
            if (capability is null) return Problems.InvalidRequest($"{where}: null is not a capability");
            if (CapabilitySet.Validate(capability) is { } rule) return Problems.InvalidRequest($"{where}: '{capability}': {rule}");
        }
        return null;
    }

    private static bool IsObjectOrAbsent(JsonElement? element) =>
        element is null || element.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined;

    private static (PanelDraft?, ProblemResult?) Fail(string detail) => (null, Problems.InvalidRequest(detail));
}
