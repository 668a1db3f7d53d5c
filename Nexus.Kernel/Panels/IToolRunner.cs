using System.Text.Json;

namespace Nexus.Kernel.Panels;

/// <summary>
/// "Run this tool": what automatic triggers need from Panels/, and nothing more. The run goes through the panel's
/// queue like any other and acts as the panel's owner.
/// </summary>
internal interface IToolRunner
{
    /// <param name="causeDepth">How many automatic triggers led here (1: fired by a schedule or a client's run).</param>
    Task<TriggerOutcome> RunAsync(PanelDefinition panel, ToolDefinition tool, JsonElement args, int causeDepth);
}
