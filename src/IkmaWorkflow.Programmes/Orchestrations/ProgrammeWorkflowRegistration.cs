using IkmaWorkflow.DurableTask;
using IkmaWorkflow.Programmes.Agreements;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>Registers the programme orchestration and its activities with the durable runtime.</summary>
public static class ProgrammeWorkflowRegistration
{
    /// <summary>Adds <see cref="ProgrammeOrchestration"/>, <see cref="MouOrchestration"/> and their activities.</summary>
    public static DurableTaskRegistry AddProgrammeWorkflow(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<ProgrammeOrchestration>()
            .AddActivity<ReadProgramme>()
            .AddActivity<NotifyProgramme>()
            .AddActivity<ListQualifyingParticipants>()
            .AddActivity<IssueCertificate>()
            .AddActivity<NotifyCertificates>()
            .AddActivity<CompleteCertification>()
            .AddOrchestrator<MouOrchestration>()
            .AddActivity<NotifyMouExpiring>();
    }
}
