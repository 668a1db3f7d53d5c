namespace Nexus.LoadBench.Measure;

/// <summary>A measurement that could not be taken (a server died, a check failed hard, a step overran its bound).</summary>
internal sealed class BenchFailure(string message) : Exception(message);
