using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Orchestrations;

namespace IkmaWorkflow.FunctionApp.Functions.Certificates;

/// <summary>The activities of certification: who qualifies, one certificate each (in parallel), the batch email, the stage move.</summary>
public sealed class CertificationFunctions(IServiceProvider services)
{
    /// <summary>The participants who qualify for a certificate, and why the others do not.</summary>
    [Function(nameof(ListQualifyingParticipants))]
    public Task<Qualification> ListQualifyingAsync([ActivityTrigger] string programmeId, CancellationToken cancellationToken) =>
        Telemetry.InActivitySpanAsync(nameof(ListQualifyingParticipants), programmeId, () => services.GetRequiredService<ListQualifyingParticipants>().RunAsync(programmeId, cancellationToken));

    /// <summary>Issues one participant's certificate (idempotent: a second run finds the first's).</summary>
    [Function(nameof(IssueCertificate))]
    public Task<CertificateSummary> IssueAsync([ActivityTrigger] CertificateRequest request, CancellationToken cancellationToken) =>
        Telemetry.InActivitySpanAsync(nameof(IssueCertificate), request.ProgrammeId, () => services.GetRequiredService<IssueCertificate>().RunAsync(request, cancellationToken));

    /// <summary>Tells the coordinators which certificates were issued.</summary>
    [Function(nameof(NotifyCertificates))]
    public Task<bool> NotifyAsync([ActivityTrigger] CertificateBatch batch, CancellationToken cancellationToken) =>
        Telemetry.InActivitySpanAsync(nameof(NotifyCertificates), batch.ProgrammeId, () => services.GetRequiredService<NotifyCertificates>().RunAsync(batch, cancellationToken));

    /// <summary>Moves the programme on to follow-up.</summary>
    [Function(nameof(CompleteCertification))]
    public Task<string> CompleteAsync([ActivityTrigger] string programmeId, CancellationToken cancellationToken) =>
        Telemetry.InActivitySpanAsync(nameof(CompleteCertification), programmeId, () => services.GetRequiredService<CompleteCertification>().RunAsync(programmeId, cancellationToken));
}
