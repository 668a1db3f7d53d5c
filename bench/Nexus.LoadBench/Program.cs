// Nexus.LoadBench: the proof run (bench/run.sh; kernel AOT, kernel JIT and the Node baseline end to end on loopback,
// one table) and, with "soak" first, the soak run. Usage: ProofOptions.Usage.
return args switch
{
    ["soak", ..] => await Nexus.LoadBench.Soak.SoakRun.RunAsync(args),
    _ => await Nexus.LoadBench.Proof.ProofRun.RunAsync(args),
};
