// Nexus.LoadBench: the proof run (bench/run.sh; kernel AOT, kernel JIT and the Node baseline end to end on loopback,
// one table), with "soak" first the soak run (soak <binary> <seconds>), with "scaling" first the How-cost-grows rows,
// with "layout" first the hot-method order of the AOT binary (build/layout/README.md). Usage: ProofOptions.Usage.
return args switch
{
    ["soak", ..] => await Nexus.LoadBench.Soak.SoakRun.RunAsync(args[1..]),
    ["scaling", ..] => await Nexus.LoadBench.Scaling.ScalingRun.RunAsync(args[1..]),
    ["ws-scaling", ..] => await Nexus.LoadBench.Scaling.WsScalingRun.RunAsync(args[1..]),
    ["layout", ..] => await Nexus.LoadBench.Layout.LayoutRun.RunAsync(args[1..]),
    _ => await Nexus.LoadBench.Proof.ProofRun.RunAsync(args),
};
