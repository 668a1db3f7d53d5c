using System.Text.Json;
using Nexus.Kernel.Extensions;

namespace Nexus.Kernel.Execution.Host;

/// <summary>An <c>$ext</c> call the guest started; it runs once the guest has to wait for it.</summary>
internal sealed record PendingExtensionCall(string Id, IExtension Extension, string Method, JsonElement Args);
