using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Letters;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>
/// The forms that take a programme from opening to its training week: open, attach the activity letter, plan,
/// close enrolment; and reading programmes back. Each form's change and the programme row's stage commit together in
/// one transaction guarded by the row's ETag, so a form either lands whole at the stage it expects or not at all.
/// </summary>
public static class ProgrammeRequests
{
    private static readonly ProgrammeForm EnrolmentClosing = new("the closing of enrolment", "penutupan pendaftaran", ProgrammeSenders.CoordinatorsAndFacility, [ProgrammeStage.Enrolling]);

    private static readonly ProgrammeForm Plan = new("a plan", "rencana program", ProgrammeSenders.CoordinatorsAndFacility, [ProgrammeStage.AwaitingPlan]);

    private static readonly ProgrammeForm ActivityLetter = new("an activity letter", "surat pelaksanaan kegiatan", ProgrammeSenders.Coordinators, [ProgrammeStage.AwaitingActivityLetter]);

    /// <summary><c>POST /api/programmes</c> (coordinators): opens a programme at a facility; it then waits for its activity letter.</summary>
    public static async Task<Outcome> OpenAsync(Caller caller, FormBody body, RecordStore store, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("open programmes (coordinators do)", "membuka program (dilakukan koordinator)");
        }

        var form = FormReader.For(body.Data);
        var title = form.Text("title", maxLength: 200);
        var facility = form.Text("facilityId", maxLength: 40);
        var unit = form.Text("coordinatorUnitId", required: caller.IsOperator, maxLength: 40) ?? (caller.IsOperator ? null : caller.OrganisationId);
        var partners = form.TextList("partnerIds", required: false, maxItems: 20, maxLength: 40);
        var probation = form.Text("probationOfficeId", required: false, maxLength: 40);
        var mouId = form.Text("mouId", required: false, maxLength: 40);
        var year = form.WholeNumber("year", 2000, 2100);
        var threshold = form.Number("attendanceThreshold", 0m, 1m, required: false);
        var requirePass = form.Boolean("requirePassedAssessment", required: false);

        await OrganisationLookup.CheckAsync(store, form, "facilityId", [facility], [OrganisationKind.Facility], cancellationToken).ConfigureAwait(false);
        await OrganisationLookup.CheckAsync(store, form, "coordinatorUnitId", [unit], [OrganisationKind.MinistryUnit], cancellationToken).ConfigureAwait(false);
        await OrganisationLookup.CheckAsync(store, form, "partnerIds", partners, null, cancellationToken).ConfigureAwait(false);
        await OrganisationLookup.CheckAsync(store, form, "probationOfficeId", [probation], [OrganisationKind.ProbationOffice], cancellationToken).ConfigureAwait(false);
        await MouRequests.CheckRegisteredAsync(store, form, mouId, cancellationToken).ConfigureAwait(false);

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var id = RecordId.New("prg");
        var now = time.GetUtcNow();
        var programme = new ProgrammeEntity
        {
            PartitionKey = id,
            Title = title!,
            FacilityId = facility!,
            CoordinatorUnitId = unit!,
            PartnerIds = string.Join(',', partners),
            ProbationOfficeId = probation,
            MouId = mouId,
            Year = year!.Value,
            AttendanceThreshold = (double)(threshold ?? 0.8m),
            RequirePassedAssessment = requirePass ?? true,
            Stage = nameof(ProgrammeStage.AwaitingActivityLetter),
            StageSince = now,
            OpenedBy = caller.OrganisationId,
            OpenedAt = now,
        };
        StageHistory.Begin(programme, now);
        await store.Programmes.AddEntityAsync(programme, cancellationToken).ConfigureAwait(false);
        await signals.StartAsync(id, cancellationToken).ConfigureAwait(false);
        return new Outcome.Created($"/api/programmes/{id}", ProgrammeView.Of(programme, [], [], DateText.TodayInWib(time)));
    }

    /// <summary><c>POST /api/programmes/{id}/letter</c> (coordinators): attaches the activity letter covering the programme's facility and year.</summary>
    public static async Task<Outcome> AttachLetterAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, ActivityLetter, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var form = FormReader.For(body.Data);
        var letterId = form.Id("letterId");
        if (letterId is not null)
        {
            var letter = await store.Letters.GetEntityIfExistsAsync<LetterEntity>(LetterEntity.Partition, letterId, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!letter.HasValue)
            {
                form.Fail("letterId", $"No letter '{letterId}' is registered.", $"Tidak ada surat '{letterId}' yang terdaftar.");
            }
            else if (!letter.Value!.FacilityIds.Split(',').Contains(programme!.FacilityId) || letter.Value.CoveredYear != programme.Year)
            {
                form.Fail("letterId", $"Letter '{letter.Value.RawNumber}' does not cover facility '{programme!.FacilityId}' in {programme.Year}.", $"Surat '{letter.Value.RawNumber}' tidak mencakup lembaga '{programme!.FacilityId}' pada tahun {programme.Year}.");
            }
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        programme!.LetterId = letterId;
        return await CommitAndSignalAsync(store, programme, ProgrammeStage.AwaitingPlan, [], time, signals, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/plan</c> (coordinators, the facility): tracks with quotas and trainers, the training
    /// dates and venue. The programme then takes enrolments.
    /// </summary>
    public static async Task<Outcome> PlanAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Plan, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var form = FormReader.For(body.Data);
        var start = form.Date("startDate");
        var end = form.Date("endDate");
        var venue = form.Text("venue", required: false, maxLength: 200);
        var tracks = form.Objects("tracks", t => new TrackEntity
        {
            PartitionKey = id,
            RowKey = TrackEntity.Prefix + (TrackCode(t, "code") ?? string.Empty),
            Name = t.Text("name", maxLength: 120) ?? string.Empty,
            NameEnglish = t.Text("nameEnglish", maxLength: 120) ?? string.Empty,
            Quota = t.WholeNumber("quota", 1, 99) ?? 0,
            Trainers = string.Join("; ", t.TextList("trainers", required: false, maxItems: 10, maxLength: 120)),
        }, maxItems: 10);
        if (start is not null && end is not null)
        {
            if (end < start)
            {
                form.Fail("endDate", "Must not be before startDate.", "Tidak boleh sebelum startDate.");
            }
            else if (end.Value.DayNumber - start.Value.DayNumber > 13)
            {
                form.Fail("endDate", "A training week lasts at most 14 days.", "Pekan pelatihan paling lama 14 hari.");
            }

            if (start.Value.Year != programme!.Year)
            {
                form.Fail("startDate", $"Must fall in the programme's year {programme.Year}.", $"Harus pada tahun program {programme.Year}.");
            }
        }

        foreach (var duplicate in tracks.GroupBy(t => t.RowKey).Where(g => g.Count() > 1 && g.Key != TrackEntity.Prefix))
        {
            form.Fail("tracks", $"Track code '{duplicate.First().Code}' is used twice.", $"Kode kelas '{duplicate.First().Code}' dipakai dua kali.");
        }

        if (tracks.Sum(t => t.Quota) > 99)
        {
            form.Fail("tracks", "The quotas add up to more than 99 participants, the most one programme takes.", "Jumlah kuota melebihi 99 peserta, batas satu program.");
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        programme!.StartDate = DateText.Of(start!.Value);
        programme.EndDate = DateText.Of(end!.Value);
        programme.Venue = venue;
        var actions = tracks.Select(t => new TableTransactionAction(TableTransactionActionType.Add, t)).ToList();
        return await CommitAndSignalAsync(store, programme, ProgrammeStage.Enrolling, actions, time, signals, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/programmes/{id}/enrolment/close</c> (coordinators, the facility): no more enrolments; the week is scheduled.</summary>
    public static async Task<Outcome> CloseEnrolmentAsync(string id, Caller caller, RecordStore store, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var today = DateText.TodayInWib(time);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, EnrolmentClosing, today, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var participants = await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (participants.Count == 0)
        {
            return FormProblems.Invalid("participants", "No participant is enrolled yet; enrol participants before closing enrolment.", "Belum ada peserta terdaftar; daftarkan peserta sebelum menutup pendaftaran.");
        }

        return await CommitAndSignalAsync(store, programme!, ProgrammeStage.Scheduled, [], time, signals, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/programmes</c>: the programmes the caller's organisation takes part in (all, for coordinators).</summary>
    public static async Task<Outcome> ListAsync(Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var today = DateText.TodayInWib(time);
        var list = new List<ProgrammeSummary>();
        await foreach (var p in store.Programmes.QueryAsync<ProgrammeEntity>(e => e.RowKey == ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (caller.IsCoordinator || p.Participants().Contains(caller.OrganisationId))
            {
                var stage = ProgrammeAccess.EffectiveStage(p, today);
                list.Add(new ProgrammeSummary(p.PartitionKey, p.Title, p.FacilityId, p.Year, stage.ToString(), p.StartDate, p.EndDate));
            }
        }

        return new Outcome.Done(list.OrderByDescending(p => p.Year).ThenBy(p => p.StartDate, StringComparer.Ordinal).ToList());
    }

    /// <summary><c>GET /api/programmes/{id}</c>: the programme, its tracks with enrolment counts, stage and what it waits for.</summary>
    public static async Task<Outcome> GetAsync(string id, Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var tracks = await ProgrammeQueries.TracksAsync(store, id, cancellationToken).ConfigureAwait(false);
        var participants = await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(ProgrammeView.Of(programme!, tracks, participants, DateText.TodayInWib(time)));
    }

    /// <summary>
    /// Commits the programme row at <paramref name="stage"/> together with <paramref name="actions"/> in one
    /// transaction, guarded by the ETag the programme was read with.
    /// </summary>
    internal static async Task<Outcome> CommitAsync(RecordStore store, ProgrammeEntity programme, ProgrammeStage stage, List<TableTransactionAction> actions, TimeProvider time, CancellationToken cancellationToken)
    {
        if (programme.StageValue != stage)
        {
            // The history is stored with the stage, so the orchestration announces every stage entered, in order.
            StageHistory.Enter(programme, stage, time.GetUtcNow(), DateText.TodayInWib(time));
        }

        actions.Insert(0, new TableTransactionAction(TableTransactionActionType.UpdateReplace, programme, programme.ETag));
        try
        {
            var response = await store.Programmes.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            programme.ETag = response.Value[0].Headers.ETag ?? programme.ETag;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return FormProblems.Concurrent(programme.PartitionKey);
        }

        var tracks = await ProgrammeQueries.TracksAsync(store, programme.PartitionKey, cancellationToken).ConfigureAwait(false);
        var participants = await ProgrammeQueries.ParticipantsAsync(store, programme.PartitionKey, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(ProgrammeView.Of(programme, tracks, participants, DateText.TodayInWib(time)));
    }

    /// <summary><see cref="CommitAsync"/>, then signals the stage change to the programme's orchestration.</summary>
    internal static async Task<Outcome> CommitAndSignalAsync(RecordStore store, ProgrammeEntity programme, ProgrammeStage stage, List<TableTransactionAction> actions, TimeProvider time, ProgrammeSignals signals, CancellationToken cancellationToken)
    {
        var result = await CommitAsync(store, programme, stage, actions, time, cancellationToken).ConfigureAwait(false);
        if (result is Outcome.Done)
        {
            await signals.StageChangedAsync(programme.PartitionKey, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    private static string? TrackCode(FormReader form, string name)
    {
        var code = form.Text(name, maxLength: 20);
        if (code is not null && !code.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            form.Fail(name, $"'{code}' is not a valid track code: use letters, digits and hyphens, such as batik or a.", $"'{code}' bukan kode kelas yang valid: gunakan huruf, angka dan tanda hubung, misalnya batik atau a.");
            return null;
        }

        return code?.ToLowerInvariant();
    }
}

/// <summary>A programme in a list.</summary>
/// <param name="Id">The id.</param>
/// <param name="Title">The title.</param>
/// <param name="FacilityId">The facility.</param>
/// <param name="Year">The year.</param>
/// <param name="Stage">The stage as of today.</param>
/// <param name="StartDate">First training day.</param>
/// <param name="EndDate">Last training day.</param>
public sealed record ProgrammeSummary(string Id, string Title, string FacilityId, int Year, string Stage, string? StartDate, string? EndDate);

/// <summary>A track with its enrolment.</summary>
/// <param name="Code">The code.</param>
/// <param name="Name">Indonesian name.</param>
/// <param name="NameEnglish">English name.</param>
/// <param name="Quota">Places.</param>
/// <param name="Enrolled">Participants enrolled.</param>
/// <param name="Trainers">Trainers.</param>
public sealed record TrackView(string Code, string Name, string NameEnglish, int Quota, int Enrolled, string Trainers);

/// <summary>A programme with its tracks, stage and what it waits for.</summary>
/// <param name="Id">The id.</param>
/// <param name="Title">The title.</param>
/// <param name="FacilityId">The facility.</param>
/// <param name="CoordinatorUnitId">The coordinating unit.</param>
/// <param name="PartnerIds">Partners.</param>
/// <param name="ProbationOfficeId">The probation office.</param>
/// <param name="MouId">The MoU.</param>
/// <param name="LetterId">The activity letter.</param>
/// <param name="Year">The year.</param>
/// <param name="Stage">The stage as of today (WIB).</param>
/// <param name="Expects">What the stage waits for, in English.</param>
/// <param name="ExpectsIndonesian">What the stage waits for, in Indonesian.</param>
/// <param name="StartDate">First training day.</param>
/// <param name="EndDate">Last training day.</param>
/// <param name="Venue">Where.</param>
/// <param name="AttendanceThreshold">Share of days to attend for a certificate.</param>
/// <param name="RequirePassedAssessment">Whether a passed assessment is needed.</param>
/// <param name="Tracks">Tracks and enrolment.</param>
/// <param name="Participants">Participants enrolled.</param>
public sealed record ProgrammeView(
    string Id, string Title, string FacilityId, string CoordinatorUnitId, IReadOnlyList<string> PartnerIds, string? ProbationOfficeId, string? MouId, string? LetterId,
    int Year, string Stage, string Expects, string ExpectsIndonesian, string? StartDate, string? EndDate, string? Venue, double AttendanceThreshold, bool RequirePassedAssessment,
    IReadOnlyList<TrackView> Tracks, int Participants)
{
    internal static ProgrammeView Of(ProgrammeEntity p, IReadOnlyList<TrackEntity> tracks, IReadOnlyList<ParticipantEntity> participants, DateOnly today)
    {
        var stage = ProgrammeAccess.EffectiveStage(p, today);
        var (english, indonesian) = ProgrammeStageText.Expects(stage);
        var enrolled = participants.Where(x => x.Status == "Enrolled").ToList();
        return new ProgrammeView(
            p.PartitionKey, p.Title, p.FacilityId, p.CoordinatorUnitId, p.PartnerIds.Split(',', StringSplitOptions.RemoveEmptyEntries), p.ProbationOfficeId, p.MouId, p.LetterId,
            p.Year, stage.ToString(), english, indonesian, p.StartDate, p.EndDate, p.Venue, p.AttendanceThreshold, p.RequirePassedAssessment,
            [.. tracks.Select(t => new TrackView(t.Code, t.Name, t.NameEnglish, t.Quota, enrolled.Count(x => x.TrackCode == t.Code), t.Trainers))],
            enrolled.Count);
    }
}

/// <summary>Reads of a programme's partition.</summary>
internal static class ProgrammeQueries
{
    /// <summary>The programme's tracks.</summary>
    public static Task<List<TrackEntity>> TracksAsync(RecordStore store, string programmeId, CancellationToken cancellationToken) =>
        RowsAsync<TrackEntity>(store, programmeId, TrackEntity.Prefix, cancellationToken);

    /// <summary>The programme's participants.</summary>
    public static Task<List<ParticipantEntity>> ParticipantsAsync(RecordStore store, string programmeId, CancellationToken cancellationToken) =>
        RowsAsync<ParticipantEntity>(store, programmeId, ParticipantEntity.Prefix, cancellationToken);

    /// <summary>The programme's attendance days.</summary>
    public static Task<List<AttendanceEntity>> AttendanceAsync(RecordStore store, string programmeId, CancellationToken cancellationToken) =>
        RowsAsync<AttendanceEntity>(store, programmeId, AttendanceEntity.Prefix, cancellationToken);

    /// <summary>The programme's assessments.</summary>
    public static Task<List<AssessmentEntity>> AssessmentsAsync(RecordStore store, string programmeId, CancellationToken cancellationToken) =>
        RowsAsync<AssessmentEntity>(store, programmeId, AssessmentEntity.Prefix, cancellationToken);

    /// <summary>The programme's certificate records (one per participant holding one).</summary>
    public static Task<List<ParticipantCertificateEntity>> CertificatesAsync(RecordStore store, string programmeId, CancellationToken cancellationToken) =>
        RowsAsync<ParticipantCertificateEntity>(store, programmeId, ParticipantCertificateEntity.Prefix, cancellationToken);

    /// <summary>
    /// The participants' full names by participant id, from the Identities table, when <paramref name="caller"/> may
    /// see them (<see cref="ProgrammeAccess.IsCoordinatorOrFacility"/>); none for anyone else. Names read are logged
    /// first in the audit log as <paramref name="action"/>, since the answer carries them.
    /// </summary>
    public static async Task<Dictionary<string, string>> NamesAsync(RecordStore store, Caller caller, ProgrammeEntity programme, AuditAction action, TimeProvider time, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!ProgrammeAccess.IsCoordinatorOrFacility(caller, programme))
        {
            return names;
        }

        var programmeId = programme.PartitionKey;
        var identities = new List<IdentityEntity>();
        await foreach (var identity in store.Identities.QueryAsync<IdentityEntity>(e => e.PartitionKey == programmeId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            identities.Add(identity);
        }

        if (identities.Count > 0)
        {
            await AuditLog.RecordAsync(store, time, caller, action, programmeId, null, identities.Select(i => i.RowKey), cancellationToken).ConfigureAwait(false);
        }

        foreach (var identity in identities)
        {
            names[identity.RowKey] = store.PersonalData.OpenText(identity.SealedFullName);
        }

        return names;
    }

    // A row-key prefix query: '|' + 1 is '}', so [prefix, prefix with '}') spans exactly the rows of one kind.
    public static async Task<List<T>> RowsAsync<T>(RecordStore store, string programmeId, string prefix, CancellationToken cancellationToken)
        where T : RecordEntity, new()
    {
        var upper = prefix[..^1] + "}";
        var rows = new List<T>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {prefix} and RowKey lt {upper}");
        await foreach (var row in store.Programmes.QueryAsync<T>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}
