namespace IkmaWorkflow.Benchmarks.Worker;

/// <summary>What <c>GET /bench/stats</c> on a worker answers.</summary>
/// <param name="ProcessId">The worker's process id.</param>
/// <param name="Transactions">Storage transactions the worker's clients have sent since it started.</param>
/// <param name="TransactionsByKind">The same, by kind of request.</param>
/// <param name="WorkingSetBytes">The worker's working set now.</param>
/// <param name="PeakWorkingSetBytes">The worker's peak working set since it started (VmHWM on Linux).</param>
internal sealed record WorkerStats(int ProcessId, long Transactions, IReadOnlyDictionary<string, long> TransactionsByKind, long WorkingSetBytes, long PeakWorkingSetBytes);
