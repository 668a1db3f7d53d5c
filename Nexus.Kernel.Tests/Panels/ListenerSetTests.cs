using Nexus.Kernel.Execution;
using Nexus.Kernel.Panels;

namespace Nexus.Kernel.Tests.Panels;

public class ListenerSetTests
{
    [Test]
    public async Task A_listener_that_leaves_during_a_notification_does_not_make_the_next_one_miss_it()
    {
        var set = new ListenerSet();
        var heard = new List<string>();
        var first = new Listener("first", heard, onPatch: self => set.Remove(self));
        set.Add(first);
        set.Add(new Listener("second", heard));
        set.Add(new Listener("third", heard));

        set.Notify(0, static (listener, _) => listener.OnPatch(null!));
        await Assert.That(heard).IsEquivalentTo(["first", "second", "third"]);

        heard.Clear();
        set.Notify(0, static (listener, _) => listener.OnPatch(null!));
        await Assert.That(heard).IsEquivalentTo(["second", "third"]);
    }

    private sealed class Listener(string name, List<string> heard, Action<Listener>? onPatch = null) : IPanelListener
    {
        public void OnPatch(PanelPatch patch)
        {
            heard.Add(name);
            onPatch?.Invoke(this);
        }

        public void OnEvent(EmittedEvent emitted) { }
        public void OnResync(PanelState state) { }
        public void OnDeleted() { }
    }
}
