namespace Nexus.Kernel.Panels;

/// <summary>A panel created (<see cref="Created"/>) or deleted through some process sharing the store, this one included.</summary>
internal readonly record struct CatalogNotice(string PanelId, bool Created);

/// <summary>
/// Creations and deletions made through any process sharing the store, for what must follow every panel and not only
/// those this process touched (scheduled triggers). Only shared stores have one. Notices are hints: one published
/// while this process was cut off from the store is lost, so watchers also reconcile with
/// <see cref="PanelStore.ListAsync"/>.
/// </summary>
internal interface IPanelCatalog
{
    /// <summary>
    /// Hands notices to <paramref name="onNotice"/> one at a time, in publish order, from now on. Idempotent; call it
    /// again after it failed (<see cref="PanelStoreUnavailableException"/>) to retry.
    /// </summary>
    Task WatchAsync(Func<CatalogNotice, Task> onNotice);
}
