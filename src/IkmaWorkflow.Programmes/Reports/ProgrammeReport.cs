using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Reports;

/// <summary>One track's figures in a programme report.</summary>
/// <param name="Code">The track's code.</param>
/// <param name="Name">The track's name in Indonesian.</param>
/// <param name="NameEnglish">The track's name in English.</param>
/// <param name="Enrolled">Participants enrolled (withdrawn ones left out).</param>
/// <param name="Inmates">Of them, inmates.</param>
/// <param name="Officers">Of them, facility officers.</param>
/// <param name="DaysPresent">Participant-days present on training days.</param>
/// <param name="AttendanceRate">Days present ÷ (training days × enrolled), 0 to 1; <see langword="null"/> without dates or participants.</param>
/// <param name="Assessed">Participants with an assessment.</param>
/// <param name="Passed">Participants who passed it.</param>
/// <param name="CertificatesValid">Certificates issued for the track and valid.</param>
/// <param name="CertificatesRevoked">Certificates issued for the track and revoked (or replaced by a reissue).</param>
public sealed record TrackReport(
    string Code, string Name, string NameEnglish, int Enrolled, int Inmates, int Officers, int DaysPresent, double? AttendanceRate,
    int Assessed, int Passed, int CertificatesValid, int CertificatesRevoked);

/// <summary>One participant's line of a programme report, under the pseudonymous id only.</summary>
/// <param name="ParticipantId">The pseudonymous id.</param>
/// <param name="Type">Inmate or Officer.</param>
/// <param name="TrackCode">The track's code.</param>
/// <param name="TrackName">The track's name in Indonesian.</param>
/// <param name="DaysPresent">Training days present.</param>
/// <param name="AttendanceRate">Days present ÷ training days; <see langword="null"/> without dates.</param>
/// <param name="Passed">The assessment's result; <see langword="null"/> when not assessed.</param>
/// <param name="CertificateNumber">The current certificate's number, if any.</param>
/// <param name="CertificateStatus">That certificate's status (Pending, Valid, Revoked).</param>
public sealed record ParticipantReport(
    string ParticipantId, string Type, string TrackCode, string TrackName, int DaysPresent, double? AttendanceRate, bool? Passed,
    string? CertificateNumber, string? CertificateStatus);

/// <summary>The report of one programme: what it is, per track figures and its documentation.</summary>
/// <param name="Id">The programme.</param>
/// <param name="Title">Its title.</param>
/// <param name="FacilityId">The facility.</param>
/// <param name="Year">Its year.</param>
/// <param name="StartDate">First training day.</param>
/// <param name="EndDate">Last training day.</param>
/// <param name="Stage">The stage as of today (WIB).</param>
/// <param name="TrainingDays">Days from the first to the last training day, both counted.</param>
/// <param name="Tracks">Figures per track.</param>
/// <param name="Documents">Documents uploaded, by kind (every kind listed, zero included).</param>
/// <param name="Participants">One line per enrolled participant (the CSV export).</param>
public sealed record ProgrammeReport(
    string Id, string Title, string FacilityId, int Year, string? StartDate, string? EndDate, string Stage, int TrainingDays,
    IReadOnlyList<TrackReport> Tracks, IReadOnlyDictionary<string, int> Documents, IReadOnlyList<ParticipantReport> Participants)
{
    /// <summary>The CSV export: a header and one row per enrolled participant.</summary>
    public CsvWriter ToCsv()
    {
        var csv = new CsvWriter()
            .Texts("participantId", "type", "trackCode", "trackName", "daysPresent", "trainingDays", "attendanceRate", "passed", "certificateNumber", "certificateStatus")
            .EndRow();
        foreach (var p in Participants)
        {
            csv.Texts(p.ParticipantId, p.Type, p.TrackCode, p.TrackName)
                .Number(p.DaysPresent)
                .Number(TrainingDays)
                .Number(p.AttendanceRate, 4)
                .Text(p.Passed switch { true => "yes", false => "no", null => null })
                .Texts(p.CertificateNumber, p.CertificateStatus)
                .EndRow();
        }

        return csv;
    }

    /// <summary>Reads the programme's partition and its certificates and computes the report.</summary>
    internal static async Task<ProgrammeReport> BuildAsync(RecordStore store, ProgrammeEntity programme, DateOnly today, CancellationToken cancellationToken)
    {
        var id = programme.PartitionKey;
        var tracks = await ProgrammeQueries.TracksAsync(store, id, cancellationToken).ConfigureAwait(false);
        var participants = (await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false)).Where(p => p.Status == "Enrolled").ToList();
        var attendance = await ProgrammeQueries.AttendanceAsync(store, id, cancellationToken).ConfigureAwait(false);
        var assessments = (await ProgrammeQueries.AssessmentsAsync(store, id, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.ParticipantId);
        var held = (await ProgrammeQueries.CertificatesAsync(store, id, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.ParticipantId);
        var documents = await ProgrammeQueries.RowsAsync<DocumentEntity>(store, id, DocumentEntity.Prefix, cancellationToken).ConfigureAwait(false);
        var certificates = new Dictionary<string, CertificateEntity>(StringComparer.Ordinal);
        await foreach (var c in store.Certificates.QueryAsync<CertificateEntity>(TableClient.CreateQueryFilter($"ProgrammeId eq {id}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            certificates[c.Number] = c;
        }

        // Only training days count: a row outside the week (none should exist) neither adds days nor presence.
        var trainingDays = 0;
        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        if (programme.StartDate is not null && programme.EndDate is not null)
        {
            var start = DateText.Parse(programme.StartDate);
            var end = DateText.Parse(programme.EndDate);
            trainingDays = end.DayNumber - start.DayNumber + 1;
            foreach (var day in attendance.Where(a => DateText.Parse(a.Day) is var d && d >= start && d <= end))
            {
                foreach (var participantId in day.Present.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal))
                {
                    present[participantId] = present.GetValueOrDefault(participantId) + 1;
                }
            }
        }

        var lines = participants
            .OrderBy(p => p.TrackCode, StringComparer.Ordinal).ThenBy(p => p.ParticipantId, StringComparer.Ordinal)
            .Select(p =>
            {
                var days = present.GetValueOrDefault(p.ParticipantId);
                var number = held.GetValueOrDefault(p.ParticipantId)?.Number;
                return new ParticipantReport(
                    p.ParticipantId,
                    p.Type,
                    p.TrackCode,
                    tracks.FirstOrDefault(t => t.Code == p.TrackCode)?.Name ?? string.Empty,
                    days,
                    Rate(days, trainingDays),
                    assessments.GetValueOrDefault(p.ParticipantId)?.Passed,
                    number,
                    number is null ? null : certificates.GetValueOrDefault(number)?.Status);
            })
            .ToList();

        var trackReports = tracks.OrderBy(t => t.Code, StringComparer.Ordinal).Select(t =>
        {
            var inTrack = lines.Where(l => l.TrackCode == t.Code).ToList();
            var issued = certificates.Values.Where(c => c.TrackCode == t.Code).ToList();
            var daysPresent = inTrack.Sum(l => l.DaysPresent);
            return new TrackReport(
                t.Code,
                t.Name,
                t.NameEnglish,
                inTrack.Count,
                inTrack.Count(l => l.Type == nameof(ParticipantType.Inmate)),
                inTrack.Count(l => l.Type == nameof(ParticipantType.Officer)),
                daysPresent,
                Rate(daysPresent, trainingDays * inTrack.Count),
                inTrack.Count(l => l.Passed is not null),
                inTrack.Count(l => l.Passed == true),
                issued.Count(c => c.Status == nameof(CertificateStatus.Valid)),
                issued.Count(c => c.Status == nameof(CertificateStatus.Revoked)));
        }).ToList();

        var byKind = Enum.GetNames<DocumentKind>().ToDictionary(k => k, k => documents.Count(d => d.Kind == k), StringComparer.Ordinal);
        return new ProgrammeReport(
            id, programme.Title, programme.FacilityId, programme.Year, programme.StartDate, programme.EndDate,
            ProgrammeAccess.EffectiveStage(programme, today).ToString(), trainingDays, trackReports, byKind, lines);
    }

    private static double? Rate(int count, int of) => of == 0 ? null : Math.Round((double)count / of, 4);
}
