using System.Reflection;
using System.Runtime.InteropServices;
using Wasmtime;

namespace Nexus.Kernel.Execution.Host;

/// <summary>
/// Everything in the Wasmtime <see cref="Config"/> that affects generated code, in one place: the engine is built
/// from it and the module-cache key covers its <see cref="Fingerprint"/>, so the two cannot drift apart (an
/// artifact only loads into an engine with the same settings and Wasmtime version).
/// </summary>
internal sealed record EngineSettings(InterruptMode Mode, int MaxWasmStackBytes)
{
    /// <summary>Threads and shared memory stay off: a guest must never run code outside its store's thread.</summary>
    public const bool Threads = false;

    public Config ToConfig() => new Config()
        .WithEpochInterruption(Mode == InterruptMode.Epoch)
        .WithFuelConsumption(Mode == InterruptMode.Fuel)
        .WithMaximumStackSize(MaxWasmStackBytes)
        .WithWasmThreads(Threads);

    /// <summary>Wasmtime version, code-affecting settings and CPU architecture, as text hashed into cache keys.</summary>
    public string Fingerprint => string.Join(';',
        "wasmtime=" + WasmtimeVersion,
        "interrupt=" + Mode,
        "max_wasm_stack=" + MaxWasmStackBytes,
        "threads=" + Threads,
        "arch=" + RuntimeInformation.ProcessArchitecture,
        "os=" + RuntimeInformation.OSDescription.Split(' ')[0]);

    /// <summary>The binding's informational version (it ships the matching native libwasmtime).</summary>
    private static string WasmtimeVersion { get; } =
        typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Engine).Assembly.GetName().Version?.ToString() ?? "unknown";
}

/// <summary>How a runaway guest is stopped at the Wasmtime level (QuickJS's own interrupt handler runs in every mode).</summary>
internal enum InterruptMode { None, Epoch, Fuel }
