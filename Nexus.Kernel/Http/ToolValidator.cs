using System.Text;
using Nexus.Kernel.Configuration;
using Nexus.Kernel.Hosting;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;
using Nexus.Kernel.Triggers;

namespace Nexus.Kernel.Http;

/// <summary>Checks one tool of a create request: name, exactly one of handler or module, sizes, trigger, capabilities.</summary>
internal static class ToolValidator
{
    public static (ToolDefinition? Tool, ProblemResult? Problem) Validate(ToolSpec? spec, string where, HttpApiOptions options)
    {
        if (spec is null) return Fail($"{where} must be an object");
        if (spec.Name is null || !CreatePanelValidator.IdPattern().IsMatch(spec.Name)) return Fail($"{where}.name must match [A-Za-z0-9_-]{{1,64}}");
        if ((spec.Handler is null) == (spec.Module is null)) return Fail($"{where} needs exactly one of handler (JavaScript) or module (base64 wasm)");
        if (spec.Export is not null && spec.Module is null) return Fail($"{where}.export applies only to a module");
        if (spec.Description is { Length: > 1024 }) return Fail($"{where}.description must be at most 1024 characters");
        if (CreatePanelValidator.CheckCapabilities(spec.Capabilities, $"{where}.capabilities") is { } capsProblem) return (null, capsProblem);

        byte[]? module = null;
        if (spec.Handler is not null)
        {
            var bytes = Encoding.UTF8.GetByteCount(spec.Handler);
            if (bytes > options.MaxHandlerBytes) return TooLarge($"{where}.handler is {bytes} bytes; MAX_HANDLER_BYTES is {options.MaxHandlerBytes}");
        }
        else
        {
            try
            {
                module = Convert.FromBase64String(spec.Module!);
            }
            catch (FormatException)
            {
                return Fail($"{where}.module must be base64");
            }
            if (module.Length > options.MaxModuleBytes) return TooLarge($"{where}.module is {module.Length} bytes; MAX_MODULE_BYTES is {options.MaxModuleBytes}");
        }

        var (trigger, triggerProblem) = ValidateTrigger(spec.Trigger, $"{where}.trigger");
        if (triggerProblem is not null) return (null, triggerProblem);
        return (new ToolDefinition(spec.Name, spec.Handler, module, spec.Export, trigger!, spec.Description, spec.Capabilities), null);
    }

    private static (TriggerDefinition?, ProblemResult?) ValidateTrigger(TriggerSpec? spec, string where)
    {
        if (spec is null) return (TriggerDefinition.Manual, null);
        switch (spec.Type)
        {
            case "manual":
                return (TriggerDefinition.Manual, null);
            case "interval" when spec.Ms is >= 100:
                return (new TriggerDefinition(TriggerType.Interval, IntervalMs: spec.Ms), null);
            case "interval":
                return (null, Problems.InvalidRequest($"{where}.ms must be an integer >= 100"));
            case "cron":
                return CronSchedule.TryParse(spec.Expression, out _, out var error)
                    ? (new TriggerDefinition(TriggerType.Cron, CronExpression: spec.Expression), null)
                    : (null, Problems.InvalidRequest($"{where}.expression: {error}"));
            case "event" when !string.IsNullOrWhiteSpace(spec.Pattern) && spec.Pattern.Length <= 256:
                return (new TriggerDefinition(TriggerType.Event, EventPattern: spec.Pattern), null);
            case "event":
                return (null, Problems.InvalidRequest($"{where}.pattern is required (an event name, * wildcards allowed)"));
            case "state_change" when !string.IsNullOrEmpty(spec.Key):
                return (new TriggerDefinition(TriggerType.StateChange, StateKey: spec.Key), null);
            case "state_change":
                return (null, Problems.InvalidRequest($"{where}.key is required"));
            default:
                return (null, Problems.InvalidRequest($"{where}.type must be manual, interval, cron, event or state_change"));
        }
    }

    private static (ToolDefinition?, ProblemResult?) Fail(string detail) => (null, Problems.InvalidRequest(detail));

    private static (ToolDefinition?, ProblemResult?) TooLarge(string detail) => (null, Problems.PayloadTooLarge(detail));
}
