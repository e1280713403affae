namespace IkmaWorkflow.Programmes.WakeUps;

/// <summary>What one deadline check did.</summary>
/// <param name="Due">Wake-ups due on or before today (WIB).</param>
/// <param name="Raised">Raised to a running instance, and their rows deleted.</param>
/// <param name="Gone">For an instance that is missing or has finished: not raised, rows deleted.</param>
/// <param name="Failed">Could not be raised or deleted; their rows stay for the next check.</param>
public sealed record WakeUpScanResult(int Due, int Raised, int Gone, int Failed);
