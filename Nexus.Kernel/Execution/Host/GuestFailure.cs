namespace Nexus.Kernel.Execution.Host;

/// <summary>Builds the <see cref="ExecutionError"/> messages for terminal limits and denials in one place.</summary>
internal static class GuestFailure
{
    public static ExecutionError Denied(string operation, string capability) =>
        new(ExecutionErrorCodes.PermissionDenied, $"{operation} requires capability '{capability}'");

    public static ExecutionError Limit(string what, string setting, int limit) =>
        new(ExecutionErrorCodes.ResourceLimit, $"{what} exceeded {setting}={limit}");

    public static ExecutionError CpuTimeout(int timeoutMs) =>
        new(ExecutionErrorCodes.Timeout, $"handler ran longer than TIMEOUT_MS={timeoutMs} ms of guest time");

    public static ExecutionError Deadline(int deadlineMs) =>
        new(ExecutionErrorCodes.Timeout, $"execution passed EXECUTION_DEADLINE_MS={deadlineMs} ms");

    public static ExecutionError Memory(int limitMb) =>
        new(ExecutionErrorCodes.MemoryLimit, $"handler exceeded MEMORY_LIMIT_MB={limitMb}");

    public static ExecutionError StackDepth() =>
        new(ExecutionErrorCodes.ResourceLimit, "maximum call stack depth exceeded (runaway recursion)");

    public static ExecutionError MalformedText(string where) => MalformedText(new MalformedGuestTextException(where));

    public static ExecutionError MalformedText(MalformedGuestTextException malformed) =>
        new(ExecutionErrorCodes.ExecutionError, malformed.Message);

    public static ExecutionError TooDeep(GuestValueTooDeepException deep) =>
        new(ExecutionErrorCodes.ResourceLimit, deep.Message);

    public static ExecutionError Internal(string message) => new(ExecutionErrorCodes.InternalError, message);
}
