using Azure;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>One participant's certificate to issue.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="ParticipantId">The participant.</param>
public sealed record CertificateRequest(string ProgrammeId, string ParticipantId);

/// <summary>An issued certificate as the batch summary shows it: number and initials only.</summary>
/// <param name="Number">The certificate number.</param>
/// <param name="Initials">The holder's initials.</param>
public sealed record CertificateSummary(string Number, string Initials);

/// <summary>The certificate batch of a programme, for the coordinators' summary email.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="InstanceId">The orchestration instance (part of the email's dedupe key).</param>
/// <param name="Certificates">The certificates issued.</param>
/// <param name="NotQualifying">How many enrolled participants did not qualify.</param>
public sealed record CertificateBatch(string ProgrammeId, string InstanceId, IReadOnlyList<CertificateSummary> Certificates, int NotQualifying);

/// <summary>The participants who meet the programme's certificate rules, and how many enrolled ones do not.</summary>
/// <param name="Qualifying">Participant ids that qualify.</param>
/// <param name="NotQualifying">How many enrolled participants do not.</param>
public sealed record Qualification(IReadOnlyList<string> Qualifying, int NotQualifying);

/// <summary>Decides who qualifies for a certificate (docs/certificates.md, qualification rules).</summary>
public sealed class ListQualifyingParticipants(RecordStore store)
{
    /// <summary>Decides for every participant of <paramref name="programmeId"/>.</summary>
    public async Task<Qualification> RunAsync(string programmeId, CancellationToken cancellationToken)
    {
        var decisions = await CertificateRules.DecideAsync(store, programmeId, cancellationToken).ConfigureAwait(false);
        var enrolled = decisions.Where(d => d.Status == "Enrolled").ToList();
        return new Qualification([.. enrolled.Where(d => d.Qualifies).Select(d => d.ParticipantId)], enrolled.Count(d => !d.Qualifies));
    }
}

/// <summary>Issues one participant's certificate; idempotent, so a retried or repeated activity issues it once.</summary>
public sealed class IssueCertificate(CertificateIssuer issuer, RecordStore store)
{
    /// <summary>Issues the certificate of <paramref name="input"/> (or finds the one issued before).</summary>
    public async Task<CertificateSummary> RunAsync(CertificateRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var issued = await issuer.IssueAsync(input.ProgrammeId, input.ParticipantId, cancellationToken).ConfigureAwait(false);
        var entity = (await store.Certificates.GetEntityAsync<CertificateEntity>(issued.Number, CertificateEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        return new CertificateSummary(issued.Number, entity.Initials);
    }
}

/// <summary>Emails the coordinators the certificate batch: numbers with initials, never names.</summary>
public sealed class NotifyCertificates(RecordStore store, EmailOutbox outbox, TimeProvider time)
{
    /// <summary>Enqueues the summary of <paramref name="input"/>; <see langword="false"/> when there was nothing to send or nobody to send it to.</summary>
    public async Task<bool> RunAsync(CertificateBatch input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Certificates.Count == 0)
        {
            return false;
        }

        var programme = (await store.Programmes.GetEntityAsync<ProgrammeEntity>(input.ProgrammeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var coordinators = await OrganisationPeople.WithRoleAsync(store, programme.CoordinatorUnitId, PersonRole.Coordinator, cancellationToken).ConfigureAwait(false);

        if (coordinators.Count == 0)
        {
            return false;
        }

        var batch = new CertificateBatchIssued(programme.Title, [.. input.Certificates.Select(c => new Notifications.IssuedCertificate(c.Number, c.Initials))], time.GetUtcNow());
        await OrganisationPeople.RecordEmailAsync(store, time, input.ProgrammeId, $"{input.InstanceId}|certificates", coordinators, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(batch, OrganisationPeople.Recipients(store, coordinators), $"{input.InstanceId}|certificates", cancellationToken).ConfigureAwait(false);
        return true;
    }
}

/// <summary>Moves a programme whose certificates are issued from <c>Certifying</c> to <c>FollowUp</c>; a no-op at any other stage.</summary>
public sealed class CompleteCertification(RecordStore store, TimeProvider time)
{
    /// <summary>Moves <paramref name="programmeId"/> on; returns the stage it is at afterwards.</summary>
    public async Task<string> RunAsync(string programmeId, CancellationToken cancellationToken)
    {
        var programme = (await store.Programmes.GetEntityAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        if (programme.StageValue != ProgrammeStage.Certifying)
        {
            return programme.Stage;
        }

        StageHistory.Enter(programme, ProgrammeStage.FollowUp, time.GetUtcNow(), DateText.TodayInWib(time));
        try
        {
            await store.Programmes.UpdateEntityAsync(programme, programme.ETag, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Changed meanwhile (a form at the same moment): the retry of this activity reads it again.
            throw new InvalidOperationException($"Programme {programmeId} changed while its certification was being completed; retrying.", ex);
        }

        return programme.Stage;
    }
}
