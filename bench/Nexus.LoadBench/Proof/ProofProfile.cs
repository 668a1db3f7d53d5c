namespace Nexus.LoadBench.Proof;

/// <summary>How long and how many, per mode. Full stays within about 10 minutes on 2 cores (builds excluded);
/// quick is a smoke check of every step in about 2–3 minutes. <see cref="Budget"/> bounds the whole run.</summary>
internal sealed record ProofProfile(
    int Spawns,
    TimeSpan Settle,
    int IdleConnections,
    int WrkWarmUpSeconds,
    int WrkSeconds,
    int WsWarmUp,
    int WsRoundTrips,
    int FanOutClients,
    int FanOutRounds,
    int SandboxSamples,
    int StoreSeconds,
    TimeSpan Budget)
{
    public const int Panels = 8;

    public static ProofProfile FullRun { get; } = new(
        Spawns: 5, Settle: TimeSpan.FromSeconds(3), IdleConnections: 2000, WrkWarmUpSeconds: 5, WrkSeconds: 30,
        WsWarmUp: 300, WsRoundTrips: 20000, FanOutClients: 1000, FanOutRounds: 10, SandboxSamples: 2000, StoreSeconds: 5,
        Budget: TimeSpan.FromMinutes(15));

    public static ProofProfile QuickRun { get; } = new(
        Spawns: 3, Settle: TimeSpan.FromSeconds(1.5), IdleConnections: 500, WrkWarmUpSeconds: 2, WrkSeconds: 5,
        WsWarmUp: 100, WsRoundTrips: 500, FanOutClients: 1000, FanOutRounds: 5, SandboxSamples: 500, StoreSeconds: 2,
        Budget: TimeSpan.FromMinutes(6));
}
