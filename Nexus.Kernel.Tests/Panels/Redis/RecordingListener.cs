using System.Threading.Channels;
using Nexus.Kernel.Execution;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Tests.Panels.Redis;

internal enum NoticeKind { Patch, Event, Deleted, Resync }

internal sealed record Notice(NoticeKind Kind, long Version = 0, PanelPatch? Patch = null, EmittedEvent? Event = null, PanelState? State = null);

/// <summary>Records what a store tells it, in order; tests await the next notice (the cause), never a sleep.</summary>
internal sealed class RecordingListener : IPanelListener
{
    private readonly Channel<Notice> _notices = Channel.CreateUnbounded<Notice>();

    public void OnPatch(PanelPatch patch) => _notices.Writer.TryWrite(new Notice(NoticeKind.Patch, patch.Version, Patch: patch));

    public void OnEvent(EmittedEvent emitted) => _notices.Writer.TryWrite(new Notice(NoticeKind.Event, Event: emitted));

    public void OnDeleted() => _notices.Writer.TryWrite(new Notice(NoticeKind.Deleted));

    public void OnResync(PanelState state) => _notices.Writer.TryWrite(new Notice(NoticeKind.Resync, state.Version, State: state));

    public async Task<Notice> NextAsync() => await _notices.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    public bool TryNext(out Notice notice) => _notices.Reader.TryRead(out notice!);
}
