using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Privacy;

/// <summary>What an audit row says was done with personal data.</summary>
public enum AuditAction
{
    /// <summary>Participants enrolled: their names (and contacts) stored.</summary>
    ParticipantsEnrolled,

    /// <summary>An answer carried participants' names: the participant list, or the certificate list with holders.</summary>
    ParticipantNamesRead,

    /// <summary>A participant's name or contact corrected, or consent withdrawn.</summary>
    IdentityCorrected,

    /// <summary>Everything held on a participant exported (an access request).</summary>
    PersonalDataExported,

    /// <summary>A participant's personal data erased on request.</summary>
    PersonalDataErased,

    /// <summary>A person (name, email) added to an organisation.</summary>
    PersonAdded,

    /// <summary>An organisation's people (names, emails) listed.</summary>
    PeopleRead,

    /// <summary>A certificate's PDF, which prints the holder's full name, downloaded.</summary>
    CertificatePdfRead,

    /// <summary>A form sent again was answered with its kept answer, which holds names (an enrolment's, a person's).</summary>
    KeptAnswerReplayed,

    /// <summary>The certificate issuer read a participant's name to print it (<see cref="AuditLog.CertificatesActor"/>).</summary>
    CertificateNamePrinted,

    /// <summary>An email step read people's names and addresses to send them an email (<see cref="AuditLog.NotificationsActor"/>).</summary>
    RecipientsRead,

    /// <summary>Signing in found people by their email address and read their names and addresses (<see cref="AuditLog.SignInActor"/>).</summary>
    PeopleFoundByEmail,

    /// <summary>The retention purge removed participants' personal data (<see cref="AuditLog.PurgeActor"/>).</summary>
    PersonalDataPurged,

    /// <summary>The retention purge blanked the names in kept form answers (<see cref="AuditLog.PurgeActor"/>).</summary>
    KeptAnswersBlanked,

    /// <summary>Names and contacts opened and sealed again with the current key (<see cref="AuditLog.ResealActor"/>).</summary>
    PersonalDataResealed,

    /// <summary>The email outbox read: emails with their recipients' names and addresses and their text (a page of them, or one).</summary>
    EmailsRead,
}

/// <summary>
/// One row of the append-only audit log (table <c>{prefix}AuditLog</c>): who did what with personal data, and when;
/// never the data itself. Partition = the day in WIB (<c>yyyy-MM-dd</c>); row = inverted UTC ticks and a random
/// suffix, so a day reads newest first. The app only ever adds rows.
/// </summary>
public sealed class AuditEntity : RecordEntity
{
    /// <summary>When, in UTC.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The caller's organisation (<c>operator</c> for the operator key, <c>system</c> for a step of the app).</summary>
    public string OrganisationId { get; set; } = string.Empty;

    /// <summary>
    /// How the caller was identified: <c>api-key</c> (the organisation's key), <c>operator-key</c>, <c>session</c> (a
    /// person signed in to the web pages, named by <see cref="PersonId"/>), or the system step (<c>system:purge</c>, ...).
    /// </summary>
    public string Credential { get; set; } = string.Empty;

    /// <summary>The person signed in to the web pages who acted (pseudonymous person id); null otherwise.</summary>
    public string? PersonId { get; set; }

    /// <summary>An <see cref="AuditAction"/> name.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The programme, for participants' data; null for people of an organisation.</summary>
    public string? ProgrammeId { get; set; }

    /// <summary>For people of an organisation, the organisation whose people were read or added.</summary>
    public string? SubjectOrganisationId { get; set; }

    /// <summary>The pseudonymous participant ids or person ids concerned, comma-separated (empty when only counted).</summary>
    public string SubjectIds { get; set; } = string.Empty;

    /// <summary>How many participants, people or rows were concerned.</summary>
    public int Count { get; set; }

    /// <summary>What else identifies the operation (the email sent, the sign-in's way, the tables resealed); never a value of personal data.</summary>
    public string? Detail { get; set; }
}

/// <summary>Adds rows to the audit log and reads it for coordinators (<c>GET /api/audit</c>).</summary>
public static class AuditLog
{
    /// <summary>Entries per page of <see cref="ReadAsync"/>.</summary>
    public const int PageSize = 100;

    /// <summary>The longest span one read may cover.</summary>
    public const int MaxDays = 366;

    /// <summary>The organisation recorded for steps of the app itself (<see cref="RecordSystemAsync"/>).</summary>
    public const string SystemOrganisation = "system";

    /// <summary>The certificate issuer reading a name to print it.</summary>
    public const string CertificatesActor = "system:certificates";

    /// <summary>A workflow step reading people's names and addresses to email them.</summary>
    public const string NotificationsActor = "system:notifications";

    /// <summary>Signing in: the lookup of a person by email address.</summary>
    public const string SignInActor = "system:sign-in";

    /// <summary>The nightly retention purge.</summary>
    public const string PurgeActor = "system:purge";

    /// <summary>The nightly resealing after a key rotation (run by the purge).</summary>
    public const string ResealActor = "system:reseal";

    // A row holds at most this many ids (a table property holds 32K characters); more are counted only.
    private const int MaxSubjectIds = 500;

    /// <summary>An audit entry as coordinators read it; <paramref name="At"/> in WIB.</summary>
    /// <param name="At">When, in WIB (<c>+07:00</c>).</param>
    /// <param name="OrganisationId">Who: the caller's organisation.</param>
    /// <param name="Credential">How they were identified.</param>
    /// <param name="Action">What.</param>
    /// <param name="ProgrammeId">The programme concerned.</param>
    /// <param name="SubjectOrganisationId">The organisation whose people were concerned.</param>
    /// <param name="SubjectIds">The participants or people concerned, by id.</param>
    /// <param name="PersonId">The person signed in to the web pages who acted, or null.</param>
    /// <param name="Count">How many participants, people or rows were concerned.</param>
    /// <param name="Detail">What else identifies the operation, or null.</param>
    public sealed record AuditView(
        DateTimeOffset At, string OrganisationId, string Credential, string Action, string? ProgrammeId, string? SubjectOrganisationId, IReadOnlyList<string> SubjectIds, string? PersonId, int Count, string? Detail);

    /// <summary>A page of the log, newest first; <paramref name="Next"/> is the <c>after</c> value of the next page, null on the last.</summary>
    /// <param name="From">The first day read (WIB).</param>
    /// <param name="To">The last day read (WIB).</param>
    /// <param name="Entries">The entries, newest first.</param>
    /// <param name="Next">Where the next page starts, or null.</param>
    public sealed record AuditPage(string From, string To, IReadOnlyList<AuditView> Entries, string? Next);

    /// <summary>
    /// Adds one row: <paramref name="caller"/> (its organisation, and the person for a page user) did
    /// <paramref name="action"/> on <paramref name="subjectIds"/>. Called before the data is written or answered, so a
    /// failure to log (503) stores and discloses nothing.
    /// </summary>
    public static Task RecordAsync(
        RecordStore store, TimeProvider time, Caller caller, AuditAction action, string? programmeId, string? subjectOrganisationId, IEnumerable<string> subjectIds, CancellationToken cancellationToken) =>
        RecordAsync(store, time, caller, action, programmeId, subjectOrganisationId, subjectIds, null, cancellationToken);

    /// <summary>As <see cref="RecordAsync(RecordStore, TimeProvider, Caller, AuditAction, string?, string?, IEnumerable{string}, CancellationToken)"/>, with a <paramref name="detail"/> (never a value of personal data).</summary>
    public static Task RecordAsync(
        RecordStore store, TimeProvider time, Caller caller, AuditAction action, string? programmeId, string? subjectOrganisationId, IEnumerable<string> subjectIds, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var credential = caller.IsOperator ? "operator-key" : caller.PersonId is null ? "api-key" : "session";
        return AddAsync(store, time, caller.OrganisationId, credential, caller.PersonId, action, programmeId, subjectOrganisationId, subjectIds, null, detail, cancellationToken);
    }

    /// <summary>
    /// Adds one row for a step of the app itself (<paramref name="actor"/>, such as <see cref="PurgeActor"/>), before
    /// the step reads or changes the data: one row per operation, naming the ids concerned (more than 500 are counted
    /// only). A row that cannot be written throws, and the step does nothing; it is tried again as the step's own
    /// failures are (docs/personal-data.md, "Audit log").
    /// </summary>
    /// <param name="store">The records.</param>
    /// <param name="time">The clock.</param>
    /// <param name="actor">The step: one of the <c>...Actor</c> constants.</param>
    /// <param name="action">What it does.</param>
    /// <param name="programmeId">The programme, for participants' data.</param>
    /// <param name="subjectOrganisationId">The organisation whose people are concerned, when there is one.</param>
    /// <param name="subjectIds">The participants or people concerned, by id (none when only <paramref name="count"/> is known).</param>
    /// <param name="count">How many are concerned; the number of <paramref name="subjectIds"/> when null.</param>
    /// <param name="detail">What else identifies the operation; never a value of personal data.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task RecordSystemAsync(
        RecordStore store, TimeProvider time, string actor, AuditAction action, string? programmeId, string? subjectOrganisationId, IEnumerable<string> subjectIds, int? count, string? detail, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return AddAsync(store, time, SystemOrganisation, actor, null, action, programmeId, subjectOrganisationId, subjectIds, count, detail, cancellationToken);
    }

    private static async Task AddAsync(
        RecordStore store, TimeProvider time, string organisationId, string credential, string? personId, AuditAction action, string? programmeId, string? subjectOrganisationId,
        IEnumerable<string> subjectIds, int? count, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(subjectIds);
        var ids = subjectIds.ToList();
        var at = time.GetUtcNow();
        var row = new AuditEntity
        {
            PartitionKey = DateText.Of(DateOnly.FromDateTime(at.ToOffset(WibText.Offset).DateTime)),
            RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            At = at,
            OrganisationId = organisationId,
            Credential = credential,
            PersonId = personId,
            Action = action.ToString(),
            ProgrammeId = programmeId,
            SubjectOrganisationId = subjectOrganisationId,
            SubjectIds = ids.Count <= MaxSubjectIds ? string.Join(',', ids) : string.Empty,
            Count = count ?? ids.Count,
            Detail = detail,
        };
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

        // An insert, never an upsert: a row is never replaced.
        await store.AuditLog.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/audit?from=&amp;to=&amp;programmeId=&amp;after=</c> (coordinators only): the entries of the days
    /// <paramref name="from"/> to <paramref name="to"/> (WIB, <c>yyyy-MM-dd</c>, default today, at most
    /// <see cref="MaxDays"/> days), of one programme when <paramref name="programmeId"/> is given, newest first,
    /// <see cref="PageSize"/> a page.
    /// </summary>
    public static async Task<Outcome> ReadAsync(Caller caller, string? from, string? to, string? programmeId, string? after, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("read the audit log (coordinators only)", "membaca log audit (hanya koordinator)");
        }

        var today = DateText.TodayInWib(time);
        var errors = new List<FieldError>();
        var last = ReadDay("to", to, today, errors);
        var first = ReadDay("from", from, last, errors);
        if (errors.Count == 0 && first > last)
        {
            errors.Add(new FieldError("from", $"must not be after 'to' ({DateText.Of(last)})", $"tidak boleh setelah 'to' ({DateText.Of(last)})"));
        }
        else if (errors.Count == 0 && last.DayNumber - first.DayNumber >= MaxDays)
        {
            errors.Add(new FieldError("from", $"must be at most {MaxDays} days before 'to'; read a longer span page by page in parts", $"paling lama {MaxDays} hari sebelum 'to'; baca rentang yang lebih panjang per bagian"));
        }

        if (!string.IsNullOrEmpty(programmeId) && RecordKey.CheckRouteValue("programmeId", programmeId) is { } badProgramme)
        {
            return badProgramme;
        }

        // The cursor is the day and row key of the last entry of the previous page.
        var startDay = last;
        string? startRow = null;
        if (!string.IsNullOrEmpty(after))
        {
            var bar = after.IndexOf('|', StringComparison.Ordinal);
            if (bar != 10 || !DateOnly.TryParseExact(after[..bar], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out startDay) || startDay > last || startDay < first || after.Length - bar - 1 is < 20 or > 40)
            {
                errors.Add(new FieldError("after", "is not a cursor of this read: send the 'next' of the previous page unchanged", "bukan penanda bacaan ini: kirim 'next' dari halaman sebelumnya tanpa diubah"));
            }
            else
            {
                startRow = after[(bar + 1)..];
            }
        }

        if (errors.Count > 0)
        {
            return FormProblems.Invalid(errors);
        }

        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<(string Day, AuditEntity Row)>();
        for (var day = startDay; day >= first && entries.Count <= PageSize; day = day.AddDays(-1))
        {
            var dayText = DateText.Of(day);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dayText}");
            if (day == startDay && startRow is not null)
            {
                filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {startRow}");
            }

            if (!string.IsNullOrEmpty(programmeId))
            {
                filter += " and " + TableClient.CreateQueryFilter($"ProgrammeId eq {programmeId}");
            }

            await foreach (var row in store.AuditLog.QueryAsync<AuditEntity>(filter, maxPerPage: PageSize + 1, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                entries.Add((dayText, row));
                if (entries.Count > PageSize)
                {
                    break;
                }
            }
        }

        string? next = null;
        if (entries.Count > PageSize)
        {
            entries.RemoveAt(entries.Count - 1);
            next = $"{entries[^1].Day}|{entries[^1].Row.RowKey}";
        }

        var views = entries.Select(e => new AuditView(
            e.Row.At.ToOffset(WibText.Offset),
            e.Row.OrganisationId,
            e.Row.Credential,
            e.Row.Action,
            e.Row.ProgrammeId,
            e.Row.SubjectOrganisationId,
            e.Row.SubjectIds.Length == 0 ? [] : e.Row.SubjectIds.Split(','),
            e.Row.PersonId,
            e.Row.Count > 0 || e.Row.SubjectIds.Length == 0 ? e.Row.Count : e.Row.SubjectIds.Split(',').Length,
            e.Row.Detail)).ToList();
        return new Outcome.Done(new AuditPage(DateText.Of(first), DateText.Of(last), views, next));
    }

    private static DateOnly ReadDay(string field, string? text, DateOnly fallback, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2020 and <= 2200)
        {
            return day;
        }

        errors.Add(new FieldError(field, $"'{text}' is not a day: write yyyy-MM-dd (a day in WIB, from 2020)", $"'{text}' bukan tanggal: tulis yyyy-MM-dd (tanggal WIB, mulai 2020)"));
        return fallback;
    }
}
