using System.Reflection;

namespace Nexus.Kernel.Hosting;

/// <summary>The service's version (the assembly's informational version without the commit suffix).</summary>
internal static class KernelVersion
{
    public static readonly string Value =
        typeof(KernelVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
