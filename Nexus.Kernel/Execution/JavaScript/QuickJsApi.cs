using Wasmtime;

namespace Nexus.Kernel.Execution.JavaScript;

/// <summary>
/// The <c>qjs_*</c> exports of quickjs-wasi that the sandbox uses, bound once per instance. Values cross the
/// boundary as pointers to heap-allocated JSValues (owned by the caller unless noted). Only single-result typed
/// wrappers are used: tuple results throw under Native AOT.
/// </summary>
internal sealed class QuickJsApi
{
    public QuickJsApi(Instance instance)
    {
        Memory = instance.GetMemory("memory") ?? throw Missing("memory");
        StackPointer = instance.GetGlobal("__stack_pointer") ?? throw Missing("__stack_pointer");
        Initialize = instance.GetAction("_initialize") ?? throw Missing("_initialize");
        Init = instance.GetFunction<int>("qjs_init") ?? throw Missing("qjs_init");
        SetInterruptHandler = instance.GetAction<int>("qjs_set_interrupt_handler") ?? throw Missing("qjs_set_interrupt_handler");
        SetMemoryLimit = instance.GetAction<int>("qjs_set_memory_limit") ?? throw Missing("qjs_set_memory_limit");
        SetMaxStackSize = instance.GetAction<int>("qjs_set_max_stack_size") ?? throw Missing("qjs_set_max_stack_size");
        RunGc = instance.GetAction("qjs_run_gc") ?? throw Missing("qjs_run_gc");
        GetAllocatedSize = instance.GetFunction<int>("qjs_get_allocated_size") ?? throw Missing("qjs_get_allocated_size");
        Eval = instance.GetFunction<int, int, int, int, int>("qjs_eval") ?? throw Missing("qjs_eval");
        Compile = instance.GetFunction<int, int, int, int, int, int, int>("qjs_compile") ?? throw Missing("qjs_compile");
        EvalBytecode = instance.GetFunction<int, int, int>("qjs_eval_bytecode") ?? throw Missing("qjs_eval_bytecode");
        NewString = instance.GetFunction<int, int, int>("qjs_new_string") ?? throw Missing("qjs_new_string");
        GetStringLen = instance.GetFunction<int, int, int>("qjs_get_string_len") ?? throw Missing("qjs_get_string_len");
        FreeCString = instance.GetAction<int>("qjs_free_cstring") ?? throw Missing("qjs_free_cstring");
        IsException = instance.GetFunction<int, int>("qjs_is_exception") ?? throw Missing("qjs_is_exception");
        IsString = instance.GetFunction<int, int>("qjs_is_string") ?? throw Missing("qjs_is_string");
        FreeValue = instance.GetAction<int>("qjs_free_value") ?? throw Missing("qjs_free_value");
        GetGlobal = instance.GetFunction<int>("qjs_get_global") ?? throw Missing("qjs_get_global");
        GetUndefined = instance.GetFunction<int>("qjs_get_undefined") ?? throw Missing("qjs_get_undefined");
        GetPropString = instance.GetFunction<int, int, int>("qjs_get_prop_string") ?? throw Missing("qjs_get_prop_string");
        SetPropString = instance.GetFunction<int, int, int, int>("qjs_set_prop_string") ?? throw Missing("qjs_set_prop_string");
        Call = instance.GetFunction<int, int, int, int, int>("qjs_call") ?? throw Missing("qjs_call");
        NewHostFunction = instance.GetFunction<int, int, int, int>("qjs_new_host_function") ?? throw Missing("qjs_new_host_function");
        IsJobPending = instance.GetFunction<int>("qjs_is_job_pending") ?? throw Missing("qjs_is_job_pending");
        ExecutePendingJob = instance.GetFunction<int>("qjs_execute_pending_job") ?? throw Missing("qjs_execute_pending_job");
        GetException = instance.GetFunction<int>("qjs_get_exception") ?? throw Missing("qjs_get_exception");
        IsUncatchableError = instance.GetFunction<int, int>("qjs_is_uncatchable_error") ?? throw Missing("qjs_is_uncatchable_error");
        GetRuntimePtr = instance.GetFunction<int>("qjs_get_runtime_ptr") ?? throw Missing("qjs_get_runtime_ptr");
        GetContextPtr = instance.GetFunction<int>("qjs_get_context_ptr") ?? throw Missing("qjs_get_context_ptr");
        SetRuntimeAndContext = instance.GetAction<int, int>("qjs_set_runtime_and_context") ?? throw Missing("qjs_set_runtime_and_context");
        Malloc = instance.GetFunction<int, int>("wasm_malloc") ?? throw Missing("wasm_malloc");
        Free = instance.GetAction<int>("wasm_free") ?? throw Missing("wasm_free");
    }

    public Memory Memory { get; }
    public Global StackPointer { get; }
    public Action Initialize { get; }
    public Func<int> Init { get; }
    public Action<int> SetInterruptHandler { get; }
    public Action<int> SetMemoryLimit { get; }
    public Action<int> SetMaxStackSize { get; }
    public Action RunGc { get; }
    public Func<int> GetAllocatedSize { get; }
    public Func<int, int, int, int, int> Eval { get; }
    public Func<int, int, int, int, int, int, int> Compile { get; }
    public Func<int, int, int> EvalBytecode { get; }
    public Func<int, int, int> NewString { get; }
    public Func<int, int, int> GetStringLen { get; }
    public Action<int> FreeCString { get; }
    public Func<int, int> IsException { get; }
    public Func<int, int> IsString { get; }
    public Action<int> FreeValue { get; }
    public Func<int> GetGlobal { get; }
    public Func<int> GetUndefined { get; }
    public Func<int, int, int> GetPropString { get; }
    public Func<int, int, int, int> SetPropString { get; }
    public Func<int, int, int, int, int> Call { get; }
    public Func<int, int, int, int> NewHostFunction { get; }
    public Func<int> IsJobPending { get; }
    public Func<int> ExecutePendingJob { get; }
    public Func<int> GetException { get; }
    public Func<int, int> IsUncatchableError { get; }
    public Func<int> GetRuntimePtr { get; }
    public Func<int> GetContextPtr { get; }
    public Action<int, int> SetRuntimeAndContext { get; }
    public Func<int, int> Malloc { get; }
    public Action<int> Free { get; }

    private static InvalidOperationException Missing(string export) =>
        new($"quickjs.wasm does not export '{export}' with the expected signature");
}
