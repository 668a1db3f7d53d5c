using Nexus.Kernel.Execution.Host;

namespace Nexus.Kernel.Execution.Orchestration;

/// <summary>Awaiting extension calls: the sandbox stays parked, no worker is held, the deadline bounds the wait.</summary>
internal sealed partial class ExecutionEngine
{
    private sealed partial class ExecutionRun
    {
        /// <summary>Starts the calls the guest made, waits for at least one, then resumes the guest with every
        /// settled call. Null when the deadline or the caller ended the wait.</summary>
        private async Task<GuestStep?> AwaitExtensionsAsync(CancellationToken token)
        {
            var newCalls = _session.TakeNewCalls();
            var stats = _engine.Stats;
            if (Interlocked.Increment(ref stats.Suspended) > _engine._options.MaxSuspended)
            {
                Interlocked.Decrement(ref stats.Suspended);
                return new GuestFailed(GuestFailure.Limit("executions awaiting I/O", "MAX_SUSPENDED", _engine._options.MaxSuspended));
            }
            // Order matters to observers: batch flushed (done by the caller), then "suspended", then the I/O starts.
            var awaited = newCalls.Count > 0 ? newCalls[0] : _outstanding.Values.First().Call;
            var reportedSuspended = false;
            try
            {
                _request.Callbacks.OnProgress(new ProgressNotice("suspended", awaited.Extension.Name, awaited.Method));
                reportedSuspended = true;
                foreach (var call in newCalls)
                {
                    _outstanding[call.Id] = (call, InvokeAsync(call, token));
                }
                await Task.WhenAny(_outstanding.Values.Select(o => o.Task)).WaitAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return null;
            }
            finally
            {
                Interlocked.Decrement(ref stats.Suspended);
                // Every "suspended" is followed by "resumed", also when the deadline or the caller ends the wait:
                // observers keep state on the pair (PanelRuntime.IsSuspended -> GET /panels/{id} status and
                // /health panels.suspended stayed "suspended" forever after a deadline passed while awaiting).
                if (reportedSuspended) _request.Callbacks.OnProgress(new ProgressNotice("resumed", awaited.Extension.Name, awaited.Method));
            }
            var settled = new List<ExtensionOutcome>();
            foreach (var (id, pending) in _outstanding.ToArray())
            {
                if (!pending.Task.IsCompleted) continue;
                settled.Add(await pending.Task);
                _outstanding.Remove(id);
            }
            var outstanding = _outstanding.Count;
            return await _engine._workers.RunAsync(() => _runner.Resume(settled, outstanding), _runner.AfterStep);
        }

        /// <summary>One call, bounded by min(its own timeout, the deadline). Never throws: a failure becomes a
        /// rejection the guest can catch.</summary>
        private async Task<ExtensionOutcome> InvokeAsync(PendingExtensionCall call, CancellationToken deadline)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline);
            timeout.CancelAfter(call.Extension.Timeout);
            var name = $"$ext.{call.Extension.Name}.{call.Method}()";
            try
            {
                var value = await call.Extension.InvokeAsync(call.Method, call.Args, timeout.Token);
                return new ExtensionOutcome(call.Id, true, value.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "null" : value.GetRawText());
            }
            catch (OperationCanceledException) when (!deadline.IsCancellationRequested)
            {
                return Rejected(call, $"{name} timed out after {call.Extension.Timeout.TotalMilliseconds:0} ms");
            }
            catch (OperationCanceledException)
            {
                // The execution ended (deadline, cancellation, or it finished without awaiting this call).
                return Rejected(call, $"{name} was cancelled");
            }
            catch (Exception exception)
            {
                Log.CallFailed(_engine._logger, call.Extension.Name, call.Method, _request.PanelId, exception.Message);
                return Rejected(call, $"{name} failed: {exception.Message}");
            }
        }

        private static ExtensionOutcome Rejected(PendingExtensionCall call, string message) =>
            new(call.Id, false, GuestJson.Error(ExecutionErrorCodes.ExtensionError, message));
    }
}
