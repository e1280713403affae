using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Orchestrations;
using Microsoft.DurableTask;

namespace IkmaWorkflow.FunctionApp.Functions.Programmes;

/// <summary>The programme orchestration and the activities it calls to read and announce its stage.</summary>
public sealed class ProgrammeWorkflowFunctions(IServiceProvider services)
{
    /// <summary>Carries one programme through its stages (one generation per stage, ContinueAsNew).</summary>
    [Function(nameof(ProgrammeOrchestration))]
    public static Task<string> RunOrchestrationAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ProgrammeOrchestration().RunAsync(context, context.GetInput<ProgrammeProgress>()!);
    }

    /// <summary>Reads the programme's stage and calendar.</summary>
    [Function(nameof(ReadProgramme))]
    public Task<ProgrammeSnapshot> ReadProgrammeAsync([ActivityTrigger] string programmeId, CancellationToken cancellationToken) =>
        Telemetry.InActivitySpanAsync(nameof(ReadProgramme), programmeId, () => services.GetRequiredService<ReadProgramme>().RunAsync(programmeId, cancellationToken));

    /// <summary>Announces a stage, a reminder or an escalation by email.</summary>
    [Function(nameof(NotifyProgramme))]
    public Task<bool> NotifyProgrammeAsync([ActivityTrigger] ProgrammeNotice notice, CancellationToken cancellationToken) =>
        Telemetry.InActivitySpanAsync(nameof(NotifyProgramme), notice.ProgrammeId, () => services.GetRequiredService<NotifyProgramme>().RunAsync(notice, cancellationToken));
}
