namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>What one repair pass of <see cref="OrchestrationRepair"/> did.</summary>
/// <param name="Checked">Programmes, requested follow-ups and watched MoUs whose instance was read.</param>
/// <param name="Started">Instances that were missing and were started.</param>
/// <param name="Restarted">Instances that had failed and were started again from their last input.</param>
/// <param name="Signalled">Programme instances that had not seen the stored stage and were signalled again.</param>
/// <param name="Failed">Records that could not be checked or repaired; the next pass tries again.</param>
public sealed record OrchestrationRepairResult(int Checked, int Started, int Restarted, int Signalled, int Failed)
{
    /// <summary>Instances started, started again or signalled.</summary>
    public int Repaired => Started + Restarted + Signalled;
}
