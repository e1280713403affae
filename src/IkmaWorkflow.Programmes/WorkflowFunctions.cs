using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes;

/// <summary>
/// Every orchestrator and activity of the workflow: what the function app must expose, each as a thin function that
/// calls the domain class. Orchestrators and activities call each other by these names (<c>nameof</c> of the class).
/// </summary>
/// <remarks>
/// <para>An orchestrator function binds the context and calls the domain class with the orchestration's input:</para>
/// <code>
/// [Function(nameof(ProgrammeOrchestration))]
/// public static Task&lt;string&gt; Run([OrchestrationTrigger] TaskOrchestrationContext context) =&gt;
///     new ProgrammeOrchestration().RunAsync(context, context.GetInput&lt;ProgrammeProgress&gt;()!);
/// </code>
/// <para>An activity function binds its input and calls the class resolved from DI (<see cref="AddWorkflowActivities"/>):</para>
/// <code>
/// [Function(nameof(ReadProgramme))]
/// public Task&lt;ProgrammeSnapshot&gt; Run([ActivityTrigger] string programmeId, CancellationToken cancellationToken) =&gt;
///     readProgramme.RunAsync(programmeId, cancellationToken);
/// </code>
/// </remarks>
public static class WorkflowFunctions
{
    /// <summary>The orchestrators.</summary>
    public static IReadOnlyList<WorkflowFunction> Orchestrators { get; } =
    [
        new(nameof(ProgrammeOrchestration), typeof(ProgrammeProgress), typeof(string), typeof(ProgrammeOrchestration)),
        new(nameof(MouOrchestration), typeof(MouWatch), typeof(string), typeof(MouOrchestration)),
        new(nameof(FollowUpOrchestration), typeof(FollowUpInput), typeof(FollowUpResult), typeof(FollowUpOrchestration)),
    ];

    /// <summary>The activities.</summary>
    public static IReadOnlyList<WorkflowFunction> Activities { get; } =
    [
        new(nameof(ReadProgramme), typeof(string), typeof(ProgrammeSnapshot), typeof(ReadProgramme)),
        new(nameof(NotifyProgramme), typeof(ProgrammeNotice), typeof(bool), typeof(NotifyProgramme)),
        new(nameof(ListQualifyingParticipants), typeof(string), typeof(Qualification), typeof(ListQualifyingParticipants)),
        new(nameof(IssueCertificate), typeof(CertificateRequest), typeof(CertificateSummary), typeof(IssueCertificate)),
        new(nameof(NotifyCertificates), typeof(CertificateBatch), typeof(bool), typeof(NotifyCertificates)),
        new(nameof(CompleteCertification), typeof(string), typeof(string), typeof(CompleteCertification)),
        new(nameof(NotifyMouExpiring), typeof(MouNotice), typeof(bool), typeof(NotifyMouExpiring)),
        new(nameof(RequestFollowUp), typeof(FollowUpCheckpoint), typeof(FollowUpNotice), typeof(RequestFollowUp)),
        new(nameof(RemindFollowUp), typeof(FollowUpReminder), typeof(FollowUpNotice), typeof(RemindFollowUp)),
        new(nameof(EscalateFollowUp), typeof(FollowUpEscalation), typeof(FollowUpNotice), typeof(EscalateFollowUp)),
        new(nameof(RecordUnreachable), typeof(FollowUpCheckpoint), typeof(string), typeof(RecordUnreachable)),
        new(nameof(ScheduleWakeUp), typeof(WakeUpRequest), typeof(WakeUpTicket), typeof(ScheduleWakeUp)),
    ];

    /// <summary>Registers every activity class (transient: made with its dependencies for each call, as activities were).</summary>
    public static IServiceCollection AddWorkflowActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var activity in Activities)
        {
            services.AddTransient(activity.Implementation);
        }

        return services;
    }
}
