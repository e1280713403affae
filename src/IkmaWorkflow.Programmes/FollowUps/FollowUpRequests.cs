using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Grpc.Core;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Durable;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>
/// Follow-up after release (docs/follow-up.md): reporting a participant's release, which schedules (or reschedules)
/// the checkpoints; submitting a checkpoint's outcome; and listing a programme's checkpoints.
/// </summary>
public static class FollowUpRequests
{
    private static readonly ProgrammeForm ReleaseReport = new(
        "release reports", "laporan pembebasan", ProgrammeSenders.CoordinatorsFacilityAndProbation,
        [ProgrammeStage.AwaitingClosingReport, ProgrammeStage.Certifying, ProgrammeStage.FollowUp]);

    /// <summary>The latest planned release accepted, in years from today: a guard against mistyped years.</summary>
    public const int MaxYearsAhead = 5;

    private static readonly OrganisationKind[] ResponsibleKinds = [OrganisationKind.ProbationOffice, OrganisationKind.Foundation, OrganisationKind.CorrectionsUnit];

    /// <summary>The answer to a release report.</summary>
    /// <param name="ProgrammeId">The programme.</param>
    /// <param name="ParticipantId">The participant.</param>
    /// <param name="ReleaseDate">The release date (actual or planned).</param>
    /// <param name="Route">How the participant is released.</param>
    /// <param name="Checkpoints">The participant's checkpoints after the change.</param>
    public sealed record Released(string ProgrammeId, string ParticipantId, string ReleaseDate, string Route, IReadOnlyList<FollowUpView> Checkpoints);

    /// <summary>A follow-up checkpoint as the API shows it; times in WIB.</summary>
    /// <param name="ParticipantId">The participant.</param>
    /// <param name="Months">Months after release.</param>
    /// <param name="DueDate">When it is due.</param>
    /// <param name="Status">Scheduled, Requested, Reported or Unreachable.</param>
    /// <param name="ResponsibleId">Who reports it.</param>
    /// <param name="RequestedAt">When the responsible organisation was asked.</param>
    /// <param name="ContactOutcome">Reached, Unreachable or Declined.</param>
    /// <param name="EmploymentStatus">Employment at the checkpoint.</param>
    /// <param name="BusinessStarted">Whether a business was started.</param>
    /// <param name="BusinessSector">Its sector.</param>
    /// <param name="BusinessRegistered">Whether it is registered.</param>
    /// <param name="IncomeBand">Monthly income band.</param>
    /// <param name="PractisingSkill">Whether the trained skill is still practised.</param>
    /// <param name="MarketAccess">Whether products are sold or reach a market.</param>
    /// <param name="Reoffence">Reoffence as reported by the probation office.</param>
    /// <param name="ReportedBy">Who reported.</param>
    /// <param name="ReportedAt">When it was reported or recorded unreachable.</param>
    public sealed record FollowUpView(
        string ParticipantId, int Months, string DueDate, string Status, string? ResponsibleId, DateTimeOffset? RequestedAt, string? ContactOutcome, string? EmploymentStatus,
        bool? BusinessStarted, string? BusinessSector, bool? BusinessRegistered, string? IncomeBand, bool? PractisingSkill, bool? MarketAccess, string? Reoffence,
        string? ReportedBy, DateTimeOffset? ReportedAt)
    {
        internal static FollowUpView Of(FollowUpEntity e) => new(
            e.ParticipantId, e.Months, e.DueDate, e.Status, e.ResponsibleId, e.RequestedAt?.ToOffset(WibText.Offset), e.ContactOutcome, e.Employment,
            e.BusinessStarted, e.BusinessSector, e.BusinessRegistered, e.Income, e.PractisingSkill, e.MarketAccess, e.Reoffence, e.ReportedBy, e.ReportedAt?.ToOffset(WibText.Offset));
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/participants/{participantId}/release</c> (coordinators, the facility, the programme's
    /// probation office): an inmate's release date (actual, or planned when in the future) and route; not before the
    /// training week, not before a day the inmate attended, not more than <see cref="MaxYearsAhead"/> years ahead. Schedules the
    /// checkpoints, or reschedules those still Scheduled when the date changed, in one transaction with the
    /// participant and programme rows.
    /// </summary>
    public static async Task<Outcome> ReleaseAsync(string id, string participantId, Caller caller, FormBody body, RecordStore store, FollowUpOptions options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        if (RecordKey.CheckRouteValues(("id", id), ("participantId", participantId)) is { } notAnId)
        {
            return notAnId;
        }

        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, ReleaseReport, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var found = await store.Programmes.GetEntityIfExistsAsync<ParticipantEntity>(id, ParticipantEntity.Prefix + participantId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return FormProblems.NotFound("participant", "peserta", participantId);
        }

        var participant = found.Value!;
        var form = FormReader.For(body.Data);
        if (participant.Type != nameof(ParticipantType.Inmate))
        {
            form.Fail("participantId", $"Participant '{participantId}' is a facility officer; only inmates are released and followed up.", $"Peserta '{participantId}' adalah petugas; hanya warga binaan yang dibebaskan dan dipantau.");
        }
        else if (participant.PersonalDataRemovedAt is not null)
        {
            form.Fail("participantId", $"Participant '{participantId}' had their personal data erased; they are no longer followed up.", $"Data pribadi peserta '{participantId}' sudah dihapus; peserta tidak lagi dipantau.");
        }
        else if (participant.Status != "Enrolled")
        {
            form.Fail("participantId", $"Participant '{participantId}' is {participant.Status}; only enrolled participants are followed up.", $"Peserta '{participantId}' berstatus {participant.Status}; hanya peserta terdaftar yang dipantau.");
        }

        var releaseDate = form.Date("releaseDate");
        var route = form.Choice<ReleaseRoute>("route");
        var responsibleId = form.Text("responsibleId", required: false, maxLength: 40);
        var firstDay = programme!.StartDate is null ? (DateOnly?)null : DateText.Parse(programme.StartDate);
        if (releaseDate is { } date && firstDay is { } start && date < start)
        {
            form.Fail("releaseDate", $"{DateText.Of(date)} is before the training began ({programme.StartDate}); a participant is released after the training.", $"{DateText.Of(date)} sebelum pelatihan dimulai ({programme.StartDate}); peserta dibebaskan setelah pelatihan.");
        }
        else if (releaseDate is { } later && later > today.AddYears(MaxYearsAhead))
        {
            form.Fail("releaseDate", $"{DateText.Of(later)} is more than {MaxYearsAhead} years ahead; check the year.", $"{DateText.Of(later)} lebih dari {MaxYearsAhead} tahun ke depan; periksa tahunnya.");
        }
        else if (releaseDate is { } released)
        {
            await CheckAttendedBeforeAsync(store, form, id, participantId, released, cancellationToken).ConfigureAwait(false);
        }

        await OrganisationLookup.CheckAsync(store, form, "responsibleId", [responsibleId], ResponsibleKinds, cancellationToken).ConfigureAwait(false);
        var existing = (await ProgrammeQueries.RowsAsync<FollowUpEntity>(store, id, $"{FollowUpEntity.Prefix}{participantId}|", cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.Months);
        var fallbackResponsible = responsibleId ?? programme.ProbationOfficeId;
        if (fallbackResponsible is null && options.CheckpointMonths.Any(m => !existing.TryGetValue(m, out var row) || (row.Status == CheckpointStatus.Scheduled && row.ResponsibleId is null)))
        {
            form.Fail("responsibleId", "The programme has no probation office: name the organisation that follows this participant up.", "Program tidak memiliki Bapas: sebutkan organisasi yang memantau peserta ini.");
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        participant.ReleaseDate = DateText.Of(releaseDate!.Value);
        participant.ReleaseRoute = route!.Value.ToString();
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, participant, participant.ETag) };
        var checkpoints = new List<FollowUpEntity>();
        int scheduled = 0, kept = 0;
        foreach (var months in options.CheckpointMonths)
        {
            var dueDate = DateText.Of(FollowUpCheckpoint.DueDate(releaseDate.Value, months));
            if (!existing.Remove(months, out var row))
            {
                row = new FollowUpEntity { PartitionKey = id, RowKey = FollowUpEntity.RowFor(participantId, months), Months = months, DueDate = dueDate, ResponsibleId = fallbackResponsible };
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                scheduled++;
            }
            else if (row.Status == CheckpointStatus.Scheduled)
            {
                row.DueDate = dueDate;
                row.ResponsibleId = responsibleId ?? row.ResponsibleId ?? fallbackResponsible;
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag));
                scheduled++;
            }
            else
            {
                // Asked, answered or given up: the request went out for its date, so it keeps its state and date.
                kept++;
            }

            checkpoints.Add(row);
        }

        // Checkpoints of months no longer configured: dropped while only scheduled, kept once anything happened.
        foreach (var row in existing.Values)
        {
            if (row.Status == CheckpointStatus.Scheduled)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag));
            }
            else
            {
                checkpoints.Add(row);
                kept++;
            }
        }

        var committed = await ProgrammeRequests.CommitAsync(store, programme, programme.StageValue, actions, time, cancellationToken).ConfigureAwait(false);
        if (committed is not Outcome.Done)
        {
            return committed;
        }

        var logger = loggers.CreateLogger(typeof(FollowUpRequests).FullName!);
        FollowUpLog.Scheduled(logger, id, participantId, participant.ReleaseDate, scheduled, kept);
        return new Outcome.Done(new Released(id, participantId, participant.ReleaseDate, participant.ReleaseRoute, [.. checkpoints.OrderBy(c => c.Months).Select(FollowUpView.Of)]));
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/participants/{participantId}/follow-ups/{months}</c> (the checkpoint's responsible
    /// organisation, coordinators): the outcome of a checkpoint that has been requested, or is scheduled and due.
    /// Stores it and tells the checkpoint's orchestration, which then stops reminding.
    /// </summary>
    public static async Task<Outcome> ReportAsync(string id, string participantId, string months, Caller caller, FormBody body, RecordStore store, DurableTaskClient client, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggers);
        var (programme, row, problem) = await LoadCheckpointAsync(store, caller, id, participantId, months, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!caller.IsCoordinator && caller.OrganisationId != row!.ResponsibleId)
        {
            return FormProblems.Forbidden($"report this follow-up ({row.ResponsibleId} does, or the coordinators)", $"melaporkan tindak lanjut ini (dilakukan {row.ResponsibleId} atau koordinator)");
        }

        var today = DateText.TodayInWib(time);
        if (NotOpen(row!, today) is { } notOpen)
        {
            return notOpen;
        }

        var form = FormReader.For(body.Data);
        var outcome = form.Choice<ContactOutcome>("contactOutcome");
        var reached = outcome == ContactOutcome.Reached;
        var employment = form.Choice<EmploymentStatus>("employmentStatus", required: reached);
        var businessStarted = form.Boolean("businessStarted", required: reached);
        var sector = form.Text("businessSector", required: reached && businessStarted == true, maxLength: 100);
        var registered = form.Boolean("businessRegistered", required: reached && businessStarted == true);
        var income = form.Choice<IncomeBand>("incomeBand", required: reached);
        var practising = form.Boolean("practisingSkill", required: reached);
        var market = form.Boolean("marketAccess", required: reached);
        var reoffence = form.Choice<Reoffence>("reoffence", required: reached);
        if (businessStarted == false)
        {
            if (sector is not null)
            {
                form.Fail("businessSector", "Only with businessStarted true.", "Hanya diisi bila businessStarted bernilai true.");
            }

            if (registered is not null)
            {
                form.Fail("businessRegistered", "Only with businessStarted true.", "Hanya diisi bila businessStarted bernilai true.");
            }
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        row!.Status = CheckpointStatus.Reported;
        row.ContactOutcome = outcome!.Value.ToString();
        row.Employment = employment?.ToString();
        row.BusinessStarted = businessStarted;
        row.BusinessSector = sector;
        row.BusinessRegistered = registered;
        row.Income = income?.ToString();
        row.PractisingSkill = practising;
        row.MarketAccess = market;
        row.Reoffence = reoffence?.ToString();
        row.ReportedBy = caller.OrganisationId;
        row.ReportedAt = time.GetUtcNow();
        try
        {
            await store.Programmes.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return FormProblems.Concurrent(row.RowKey);
        }

        var checkpoint = new FollowUpCheckpoint(programme!.PartitionKey, participantId, row.Months);
        await TellOrchestrationAsync(client, checkpoint, row, loggers.CreateLogger(typeof(FollowUpRequests).FullName!), cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(FollowUpView.Of(row));
    }

    /// <summary>
    /// <c>GET /api/programmes/{id}/follow-ups</c>: the programme's checkpoints. Coordinators, the facility and the
    /// probation office see all; another organisation sees the checkpoints it is responsible for.
    /// </summary>
    public static async Task<Outcome> ListAsync(string id, Caller caller, RecordStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RecordKey.CheckRouteValue("id", id) is { } notAnId)
        {
            return notAnId;
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var found = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(id, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return FormProblems.NotFound("programme", "program", id);
        }

        var programme = found.Value!;
        var rows = await ProgrammeQueries.RowsAsync<FollowUpEntity>(store, id, FollowUpEntity.Prefix, cancellationToken).ConfigureAwait(false);
        var seesAll = caller.IsCoordinator || caller.OrganisationId == programme.FacilityId || caller.OrganisationId == programme.ProbationOfficeId;
        if (!seesAll)
        {
            rows = [.. rows.Where(r => r.ResponsibleId == caller.OrganisationId)];
            if (rows.Count == 0 && !programme.Participants().Contains(caller.OrganisationId))
            {
                return FormProblems.NotFound("programme", "program", id);
            }
        }

        return new Outcome.Done(rows.OrderBy(r => r.ParticipantId, StringComparer.Ordinal).ThenBy(r => r.Months).Select(FollowUpView.Of).ToList());
    }

    // A person released on a day cannot attend the training after it: a release date inside the week before days the
    // participant attended is a mistake (or the attendance is), so it is refused naming those days.
    private static async Task CheckAttendedBeforeAsync(RecordStore store, FormReader form, string programmeId, string participantId, DateOnly released, CancellationToken cancellationToken)
    {
        var attendedAfter = (await ProgrammeQueries.AttendanceAsync(store, programmeId, cancellationToken).ConfigureAwait(false))
            .Where(day => string.CompareOrdinal(day.Day, DateText.Of(released)) > 0 && day.Present.Split(',').Contains(participantId, StringComparer.Ordinal))
            .Select(day => day.Day)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (attendedAfter.Count > 0)
        {
            var days = string.Join(", ", attendedAfter);
            form.Fail(
                "releaseDate",
                $"Participant '{participantId}' attended the training on {days}, after {DateText.Of(released)}; the release date is on or after the last day attended. Correct the date, or the attendance of those days.",
                $"Peserta '{participantId}' hadir dalam pelatihan pada {days}, setelah {DateText.Of(released)}; tanggal pembebasan jatuh pada atau setelah hari terakhir kehadiran. Perbaiki tanggalnya, atau kehadiran hari-hari tersebut.");
        }
    }

    // The programme and checkpoint, or 404. An organisation that neither takes part in the programme nor answers for
    // the checkpoint gets the same 404 as for a programme that does not exist.
    private static async Task<(ProgrammeEntity? Programme, FollowUpEntity? Row, Problem? Problem)> LoadCheckpointAsync(
        RecordStore store, Caller caller, string programmeId, string participantId, string monthsText, CancellationToken cancellationToken)
    {
        if (RecordKey.CheckRouteValues(("id", programmeId), ("participantId", participantId)) is { } notAnId)
        {
            return (null, null, notAnId);
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var programme = await store.Programmes.GetEntityIfExistsAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!programme.HasValue)
        {
            return (null, null, FormProblems.NotFound("programme", "program", programmeId));
        }

        FollowUpEntity? row = null;
        if (int.TryParse(monthsText, NumberStyles.None, CultureInfo.InvariantCulture, out var months) && months is >= 1 and <= FollowUpOptions.MaxMonths)
        {
            var found = await store.Programmes.GetEntityIfExistsAsync<FollowUpEntity>(programmeId, FollowUpEntity.RowFor(participantId, months), cancellationToken: cancellationToken).ConfigureAwait(false);
            row = found.HasValue ? found.Value : null;
        }

        var takesPart = caller.IsCoordinator || programme.Value!.Participants().Contains(caller.OrganisationId);
        if (!takesPart && row?.ResponsibleId != caller.OrganisationId)
        {
            return (null, null, FormProblems.NotFound("programme", "program", programmeId));
        }

        return row is null
            ? (null, null, FormProblems.NotFound("follow-up checkpoint", "titik tindak lanjut", $"{participantId}/{monthsText}"))
            : (programme.Value, row, null);
    }

    private static Problem? NotOpen(FollowUpEntity row, DateOnly today)
    {
        var checkpoint = BilingualText.MonthsAfterRelease(row.Months);
        var due = DateText.Parse(row.DueDate);
        var (english, indonesian) = row.Status switch
        {
            CheckpointStatus.Reported => (
                $"was already reported by {row.ReportedBy} on {WibText.English(row.ReportedAt ?? default)}; it takes no second outcome",
                $"sudah dilaporkan oleh {row.ReportedBy} pada {WibText.Indonesian(row.ReportedAt ?? default)}; tidak menerima hasil kedua"),
            CheckpointStatus.Unreachable => (
                $"was recorded unreachable on {WibText.English(row.ReportedAt ?? default)} after no outcome arrived in time",
                $"sudah dicatat tidak dapat dihubungi pada {WibText.Indonesian(row.ReportedAt ?? default)} karena hasil tidak diterima tepat waktu"),
            CheckpointStatus.Erased => (
                $"was closed on {WibText.English(row.ReportedAt ?? default)} because the participant's personal data was erased",
                $"sudah ditutup pada {WibText.Indonesian(row.ReportedAt ?? default)} karena data pribadi peserta sudah dihapus"),
            CheckpointStatus.Scheduled when due > today => (
                $"is scheduled and due on {WibText.English(due)}; it takes an outcome from that day",
                $"masih terjadwal dan jatuh tempo pada {WibText.Indonesian(due)}; hasil diterima mulai hari itu"),
            _ => (null, null),
        };
        if (english is null)
        {
            return null;
        }

        return Problem.Of(
            ProblemKind.Conflict,
            "follow-up-not-open",
            "Follow-up not open",
            $"The follow-up at {checkpoint.English} for participant {row.ParticipantId} (status {row.Status}, due {row.DueDate}) {english}. Nothing was stored.",
            "Tindak lanjut tidak terbuka",
            $"Tindak lanjut {checkpoint.Indonesian} untuk peserta {row.ParticipantId} (status {row.Status}, jatuh tempo {row.DueDate}) {indonesian}. Tidak ada yang disimpan.",
            ("checkpointStatus", row.Status),
            ("dueDate", row.DueDate));
    }

    // The outcome is stored already; telling the orchestration only spares the partner further reminders. A missing
    // instance (the scan has not run yet) or a finished one needs nothing, and any failure is caught up by the
    // orchestration's next step, which reads the row before it reminds anyone.
    private static async Task TellOrchestrationAsync(DurableTaskClient client, FollowUpCheckpoint checkpoint, FollowUpEntity row, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            // Not found or finished: nothing waits for this outcome.
            _ = await OrchestrationInstances.RaiseEventAsync(client, checkpoint.InstanceId, FollowUpOrchestration.OutcomeEvent, new { row.Months, row.ContactOutcome }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            FollowUpLog.EventNotRaised(logger, checkpoint.InstanceId, $"durable client status {ex.StatusCode}");
        }
    }
}
