using System.Net.WebSockets;
using System.Text.Json;
using Nexus.Kernel.Auth;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Json;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.WebSockets;

internal sealed partial class PanelConnection
{
    private void Handle(ReadOnlySpan<byte> utf8)
    {
        var (message, error) = InboundMessage.Parse(utf8);
        if (error is not null)
        {
            SendError(error);
            return;
        }
        switch (message!.Type)
        {
            case InboundType.Ping:
                Enqueue(WireEncoder.Pong(new PongMessage(message.RequestId)));
                break;
            case InboundType.Subscribe:
            case InboundType.Unsubscribe:
                var on = message.Type == InboundType.Subscribe;
                if (message.Topics!.Contains("state")) _wantsState = on;
                if (message.Topics!.Contains("events")) _wantsEvents = on;
                break;
            case InboundType.Trigger when !_caller.Has(Scopes.Execute):
                Log.TriggerDenied(_logger, _panelId, ClientId, _caller.Subject);
                SendError(new ErrorMessage(WsErrorCodes.Forbidden, $"missing scope {Scopes.Execute}", message.RequestId));
                break;
            case InboundType.Trigger:
                _ = TriggerAsync(message);
                break;
        }
    }

    private async Task TriggerAsync(InboundMessage message)
    {
        var requestId = message.RequestId;
        try
        {
            var outcome = await _panels.TriggerAsync(_caller, _panelId, message.Tool!, message.Args ?? EmptyJson.Object,
                notice => Enqueue(WireEncoder.Progress(new ProgressMessage(requestId, notice.Status, notice.Extension, notice.Method))),
                CancellationToken.None);
            switch (outcome.Status)
            {
                case TriggerStatus.Completed:
                    Enqueue(WireEncoder.Result(new ResultMessage(requestId, outcome.Result!)));
                    break;
                case TriggerStatus.ToolNotFound:
                    SendError(new ErrorMessage(WsErrorCodes.ToolNotFound, $"panel '{_panelId}' has no tool '{message.Tool}'", requestId));
                    break;
                case TriggerStatus.QueueFull:
                    SendError(new ErrorMessage(WsErrorCodes.QueueFull, "the panel has too many waiting executions", requestId));
                    break;
                case TriggerStatus.ShuttingDown:
                    RequestClose(WebSocketCloseStatus.EndpointUnavailable, "Server shutting down", discardPending: false);
                    break;
                case TriggerStatus.PanelNotFound:
                    RequestClose(WebSocketCloseStatus.NormalClosure, "Panel destroyed", discardPending: false);
                    break;
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Log.TriggerFailed(_logger, _panelId, ClientId, error);
            var failed = new ExecutionResult("error", null, [], [], [], new ExecutionError(ExecutionErrorCodes.InternalError, "the kernel failed to run the tool"),
                new ExecutionMetrics(0, 0, 0, 0, false));
            Enqueue(WireEncoder.Result(new ResultMessage(requestId, failed)));
        }
    }

    private void SendError(ErrorMessage error) => Enqueue(WireEncoder.Error(error));

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Closing {clientId} on panel {panelId}: it does not read and its send queue passed {limitBytes} bytes", EventName = "SlowReader")]
        public static partial void SlowReader(ILogger logger, string panelId, string clientId, int limitBytes);

        [LoggerMessage(4002, LogLevel.Debug, "Connection {clientId} on panel {panelId} ended: {reason}", EventName = "ConnectionLost")]
        public static partial void ConnectionLost(ILogger logger, string panelId, string clientId, string reason);

        [LoggerMessage(4003, LogLevel.Warning, "audit: denied TRIGGER on panel {panelId} to {sub} ({clientId}): missing scope panels:execute", EventName = "TriggerDenied")]
        public static partial void TriggerDenied(ILogger logger, string panelId, string clientId, string sub);

        [LoggerMessage(4004, LogLevel.Error, "TRIGGER from {clientId} on panel {panelId} failed inside the kernel", EventName = "TriggerFailed")]
        public static partial void TriggerFailed(ILogger logger, string panelId, string clientId, Exception error);
    }
}
