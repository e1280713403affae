using System.Globalization;
using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>
/// Asks the checkpoint's responsible organisation for the outcome: a <see cref="FollowUpRequested"/> email to its
/// probation officers (or, when it has none, all its people) linking the outcome form. Sends nothing when the
/// checkpoint is already closed. The email's dedupe key is the instance id, so a re-run sends it once.
/// </summary>
public sealed class RequestFollowUp(RecordStore store, EmailOutbox outbox, FollowUpOptions options, TimeProvider time, ILogger<RequestFollowUp> logger)
{
    /// <summary>Asks for the outcome of <paramref name="input"/>.</summary>
    public async Task<FollowUpNotice> RunAsync(FollowUpCheckpoint input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (row, people, done) = await FollowUpRows.OpenAsync(store, input, input.InstanceId, logger, cancellationToken).ConfigureAwait(false);
        if (row is null || done is not null)
        {
            return done ?? new FollowUpNotice(FollowUpNotice.Removed, null, 0);
        }

        await OrganisationPeople.RecordEmailAsync(store, time, input.ProgrammeId, $"{input.InstanceId}/request", people, cancellationToken).ConfigureAwait(false);
        var recipients = OrganisationPeople.Recipients(store, people);

        // The outcome form's web page (the function app's PageRoutes.FollowUp): a browser cannot use the API's address.
        var form = new Uri(options.PublicBaseAddress, string.Create(CultureInfo.InvariantCulture, $"api/pages/programmes/{input.ProgrammeId}/participants/{input.ParticipantId}/follow-ups/{input.Months}"));
        var email = new FollowUpRequested(input.ParticipantId, BilingualText.MonthsAfterRelease(input.Months), DateText.Parse(row.DueDate), form);
        await outbox.EnqueueAsync(email, recipients, $"{input.InstanceId}/request", cancellationToken).ConfigureAwait(false);
        return new FollowUpNotice(row.Status, row.ResponsibleId, recipients.Count);
    }
}

/// <summary>
/// Reminds the responsible organisation that the outcome is still awaited (a <see cref="ReminderDue"/> naming the
/// deadline), unless the checkpoint was closed meanwhile. Dedupe key: instance id and reminder number.
/// </summary>
public sealed class RemindFollowUp(RecordStore store, EmailOutbox outbox, TimeProvider time, ILogger<RemindFollowUp> logger)
{
    /// <summary>Sends reminder <see cref="FollowUpReminder.Number"/> of <paramref name="input"/>.</summary>
    public async Task<FollowUpNotice> RunAsync(FollowUpReminder input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (row, people, done) = await FollowUpRows.OpenAsync(store, input.Checkpoint, input.Checkpoint.InstanceId, logger, cancellationToken).ConfigureAwait(false);
        if (row is null || done is not null)
        {
            return done ?? new FollowUpNotice(FollowUpNotice.Removed, null, 0);
        }

        var title = await FollowUpRows.ProgrammeTitleAsync(store, input.Checkpoint.ProgrammeId, cancellationToken).ConfigureAwait(false);
        var months = BilingualText.MonthsAfterRelease(input.Checkpoint.Months);
        var awaited = new BilingualText(
            $"hasil tindak lanjut {months.Indonesian} untuk peserta {input.Checkpoint.ParticipantId} (pengingat ke-{input.Number})",
            $"the follow-up outcome at {months.English} for participant {input.Checkpoint.ParticipantId} (reminder {input.Number})");
        var deadline = new DateTimeOffset(DateTime.SpecifyKind(input.Deadline, DateTimeKind.Utc));
        var key = string.Create(CultureInfo.InvariantCulture, $"{input.Checkpoint.InstanceId}/reminder/{input.Number}");
        await OrganisationPeople.RecordEmailAsync(store, time, input.Checkpoint.ProgrammeId, key, people, cancellationToken).ConfigureAwait(false);
        await outbox.EnqueueAsync(new ReminderDue(title, awaited, deadline), OrganisationPeople.Recipients(store, people), key, cancellationToken).ConfigureAwait(false);
        return new FollowUpNotice(row.Status, row.ResponsibleId, people.Count);
    }
}

/// <summary>
/// Tells the programme's coordinators (people of its coordinating unit with role Coordinator, or all its people) that
/// the outcome is overdue despite reminders (an <see cref="EscalationRaised"/>), unless the checkpoint was closed
/// meanwhile. Dedupe key: instance id.
/// </summary>
public sealed class EscalateFollowUp(RecordStore store, EmailOutbox outbox, TimeProvider time, ILogger<EscalateFollowUp> logger)
{
    /// <summary>Tells the coordinators about <paramref name="input"/>.</summary>
    public async Task<FollowUpNotice> RunAsync(FollowUpEscalation input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var row = await FollowUpRows.FindAsync(store, input.Checkpoint, cancellationToken).ConfigureAwait(false);
        if (row is null || CheckpointStatus.IsClosed(row.Status))
        {
            return new FollowUpNotice(row?.Status ?? FollowUpNotice.Removed, row?.ResponsibleId, 0);
        }

        var programme = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(input.Checkpoint.ProgrammeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        var unit = programme.HasValue ? programme.Value!.CoordinatorUnitId : null;
        var coordinators = await FollowUpRows.PeopleAsync(store, unit, PersonRole.Coordinator, cancellationToken).ConfigureAwait(false);
        if (coordinators.Count == 0)
        {
            FollowUpLog.NobodyToEmail(logger, input.Checkpoint.InstanceId, unit ?? "(no coordinating unit)");
            return new FollowUpNotice(row.Status, row.ResponsibleId, 0);
        }

        var officers = await FollowUpRows.PeopleAsync(store, row.ResponsibleId, PersonRole.ProbationOfficer, cancellationToken).ConfigureAwait(false);

        // One row for the email: the coordinators it goes to and the officers it names.
        await OrganisationPeople.RecordEmailAsync(store, time, input.Checkpoint.ProgrammeId, $"{input.Checkpoint.InstanceId}/escalation", [.. coordinators, .. officers], cancellationToken).ConfigureAwait(false);
        var reminded = OrganisationPeople.Recipients(store, officers);
        var remindedNames = reminded.Count > 0
            ? reminded.Select(r => r.Name is null ? r.Address : $"{r.Name} ({r.Address})").ToList()
            : [row.ResponsibleId ?? "-"];
        var months = BilingualText.MonthsAfterRelease(input.Checkpoint.Months);
        var overdue = new BilingualText(
            $"Hasil tindak lanjut {months.Indonesian} untuk peserta {input.Checkpoint.ParticipantId} dari {row.ResponsibleId}",
            $"The follow-up outcome at {months.English} for participant {input.Checkpoint.ParticipantId} from {row.ResponsibleId}");
        var since = new DateTimeOffset(DateTime.SpecifyKind(input.RequestedAt, DateTimeKind.Utc));
        var email = new EscalationRaised(programme.Value!.Title, overdue, since, remindedNames);
        await outbox.EnqueueAsync(email, OrganisationPeople.Recipients(store, coordinators), $"{input.Checkpoint.InstanceId}/escalation", cancellationToken).ConfigureAwait(false);
        return new FollowUpNotice(row.Status, row.ResponsibleId, coordinators.Count);
    }
}

/// <summary>
/// Records a checkpoint no outcome arrived for: status Unreachable, contact outcome Unreachable. ETag-guarded, so an
/// outcome submitted at the same moment wins: a Reported row is left as it is. Returns the row's final status.
/// </summary>
public sealed class RecordUnreachable(RecordStore store, TimeProvider time)
{
    /// <summary>Records <paramref name="input"/> unreachable unless it is closed; returns its final status.</summary>
    public async Task<string> RunAsync(FollowUpCheckpoint input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var row = await FollowUpRows.FindAsync(store, input, cancellationToken).ConfigureAwait(false);
            if (row is null || CheckpointStatus.IsClosed(row.Status))
            {
                return row?.Status ?? FollowUpNotice.Removed;
            }

            row.Status = CheckpointStatus.Unreachable;
            row.ContactOutcome = nameof(ContactOutcome.Unreachable);
            row.ReportedAt = time.GetUtcNow();
            try
            {
                await store.Programmes.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return CheckpointStatus.Unreachable;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Changed since read (an outcome, or the scan marking it Requested): read again and decide afresh.
            }
        }
    }
}

/// <summary>Reads the follow-up activities share.</summary>
internal static class FollowUpRows
{
    /// <summary>The checkpoint's row, or null when it no longer exists.</summary>
    public static async Task<FollowUpEntity?> FindAsync(RecordStore store, FollowUpCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var found = await store.Programmes.GetEntityIfExistsAsync<FollowUpEntity>(checkpoint.ProgrammeId, checkpoint.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// The open checkpoint's row and the responsible partner's people to email (its probation officers, or all its
    /// people; names and addresses still sealed); <c>Done</c> is the notice to answer at once instead when the row is gone or closed, or nobody is
    /// there to email (logged).
    /// </summary>
    public static async Task<(FollowUpEntity? Row, List<PersonEntity> People, FollowUpNotice? Done)> OpenAsync(
        RecordStore store, FollowUpCheckpoint checkpoint, string instanceId, ILogger logger, CancellationToken cancellationToken)
    {
        var row = await FindAsync(store, checkpoint, cancellationToken).ConfigureAwait(false);
        if (row is null || CheckpointStatus.IsClosed(row.Status))
        {
            return (row, [], new FollowUpNotice(row?.Status ?? FollowUpNotice.Removed, row?.ResponsibleId, 0));
        }

        var recipients = await PeopleAsync(store, row.ResponsibleId, PersonRole.ProbationOfficer, cancellationToken).ConfigureAwait(false);
        if (recipients.Count == 0)
        {
            FollowUpLog.NobodyToEmail(logger, instanceId, row.ResponsibleId ?? "(none)");
            return (row, recipients, new FollowUpNotice(row.Status, row.ResponsibleId, 0));
        }

        return (row, recipients, null);
    }

    /// <summary>
    /// The people of <paramref name="organisationId"/> with <paramref name="role"/>, or all its people when none has it
    /// (names and addresses still sealed: <see cref="OrganisationPeople.RecordEmailAsync"/>, then <see cref="OrganisationPeople.Recipients"/>).
    /// </summary>
    public static async Task<List<PersonEntity>> PeopleAsync(RecordStore store, string? organisationId, PersonRole role, CancellationToken cancellationToken)
    {
        var people = await OrganisationPeople.OfAsync(store, organisationId, cancellationToken).ConfigureAwait(false);
        var withRole = people.Where(p => p.Role == role.ToString()).ToList();
        return withRole.Count > 0 ? withRole : people;
    }

    /// <summary>The programme's title, or its id when the row is gone.</summary>
    public static async Task<string> ProgrammeTitleAsync(RecordStore store, string programmeId, CancellationToken cancellationToken)
    {
        var programme = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return programme.HasValue ? programme.Value!.Title : programmeId;
    }
}
