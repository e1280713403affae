using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Certificates;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>
/// Enrolling participants, one by one or as a CSV file, and reading them back. A participant gets a pseudonymous id;
/// the name (for the certificate) and, with consent, contact details go to the Identities table, apart from the
/// programme records.
/// </summary>
public static class EnrolmentRequests
{
    private static readonly ProgrammeForm Enrolments = new("enrolments", "pendaftaran peserta", ProgrammeSenders.CoordinatorsAndFacility, [ProgrammeStage.Enrolling]);

    /// <summary>The CSV columns, in any order; the header row names them.</summary>
    public static readonly IReadOnlyList<string> CsvColumns = ["type", "track", "fullName", "expectedReleaseMonth", "contactConsent", "contact"];

    /// <summary>The most participants one submission enrols (a programme takes at most 99).</summary>
    public const int MaxParticipants = 99;

    /// <summary>
    /// The largest CSV file accepted: 1 MB, the same as the JSON form that carries the same 99 participants (a row of
    /// the longest cells is under 1 KB).
    /// </summary>
    public const int MaxCsvBytes = 1024 * 1024;

    // The longest cell read: the longest column (contact) takes 200 characters.
    private const int MaxCsvCellChars = 1000;

    private static readonly string[] RequiredCsvColumns = ["type", "track", "fullName"];

    /// <summary>A participant as the API shows it; <paramref name="FullName"/> only for coordinators and the facility.</summary>
    /// <param name="Id">The pseudonymous id.</param>
    /// <param name="Type">Inmate or officer.</param>
    /// <param name="Track">The track's code.</param>
    /// <param name="Status">Enrolled or withdrawn.</param>
    /// <param name="ExpectedReleaseMonth">For inmates, the expected release month.</param>
    /// <param name="ReleaseDate">For inmates, the reported release date.</param>
    /// <param name="RetentionUntil">When the record is purged.</param>
    /// <param name="FullName">The name, when the caller may see it (never once the personal data is removed).</param>
    /// <param name="PersonalDataRemoved">Whether the personal data was erased on request or purged at the end of its retention.</param>
    public sealed record ParticipantView(string Id, string Type, string Track, string Status, string? ExpectedReleaseMonth, string? ReleaseDate, string RetentionUntil, string? FullName, bool PersonalDataRemoved);

    /// <summary>The answer to an enrolment.</summary>
    /// <param name="ProgrammeId">The programme.</param>
    /// <param name="Participants">The participants enrolled by this submission.</param>
    public sealed record Enrolled(string ProgrammeId, IReadOnlyList<ParticipantView> Participants);

    /// <summary><c>POST /api/programmes/{id}/participants</c> (coordinators, the facility): enrols one participant.</summary>
    public static async Task<Outcome> EnrolAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Enrolments, DateText.TodayInWib(time), cancellationToken).ConfigureAwait(false);
        return problem ?? await EnrolManyAsync(programme!, caller, body.Data, single: true, store, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/programmes/{id}/participants/csv</c> (coordinators, the facility): enrols every row of a CSV file
    /// (<c>text/csv</c> body, or multipart field <c>document</c>), which <paramref name="openCsv"/> opens, or says why
    /// it cannot. The programme, the caller and the stage are checked before the file is opened; the file is then read
    /// row by row and no further than the row past <see cref="MaxParticipants"/>. Every bad cell is named as
    /// <c>participants[i].column</c>, i counting data rows from 0; a cell beyond the header's columns and a person
    /// listed twice are named by their lines; nothing is enrolled unless every row is valid.
    /// </summary>
    public static async Task<Outcome> EnrolCsvAsync(
        string id, Caller caller, Func<Task<(Stream? Csv, Problem? Unreadable)>> openCsv, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openCsv);
        var (programme, problem) = await ProgrammeAccess.OpenFormAsync(store, caller, id, Enrolments, DateText.TodayInWib(time), cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (csv, unreadable) = await openCsv().ConfigureAwait(false);
        if (unreadable is not null)
        {
            return unreadable;
        }

        JsonArray participants;
        try
        {
            using var reader = new CsvReader(csv!, MaxCsvCellChars);
            var (read, invalid) = await ReadCsvAsync(reader, cancellationToken).ConfigureAwait(false);
            if (invalid is not null)
            {
                return invalid;
            }

            participants = read!;
        }
        catch (CsvFormatException ex)
        {
            return FormProblems.Invalid("document", $"The CSV file cannot be read: {ex.English}.", $"Berkas CSV tidak dapat dibaca: {ex.Indonesian}.");
        }

        return await EnrolManyAsync(programme!, caller, JsonSerializer.SerializeToElement(new JsonObject { ["participants"] = participants }), single: false, store, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/programmes/{id}/participants</c>: participants, with names only for coordinators and the facility.</summary>
    public static async Task<Outcome> ListAsync(string id, Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var (programme, problem) = await ProgrammeAccess.LoadAsync(store, caller, id, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var names = await ProgrammeQueries.NamesAsync(store, caller, programme!, AuditAction.ParticipantNamesRead, time, cancellationToken).ConfigureAwait(false);

        var participants = await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false);
        return new Outcome.Done(participants.Select(p => View(p, names.GetValueOrDefault(p.ParticipantId))).ToList());
    }

    private static async Task<Outcome> EnrolManyAsync(ProgrammeEntity programme, Caller caller, JsonElement data, bool single, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var id = programme.PartitionKey;
        var tracks = (await ProgrammeQueries.TracksAsync(store, id, cancellationToken).ConfigureAwait(false)).ToDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);
        var existing = await ProgrammeQueries.ParticipantsAsync(store, id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var programmeEnd = DateText.Parse(programme.EndDate!);

        var form = FormReader.For(data);
        IReadOnlyList<(ParticipantEntity Participant, IdentityEntity Identity, string FullName)> people = single ? [Read(form)] : form.Objects("participants", Read, maxItems: MaxParticipants);

        // Ids are random, except when an interrupted submission runs again (RecordId.DeriveFrom): then a participant
        // it would add that is already stored means the earlier attempt's transaction went through whole.
        if (people.Any(p => existing.Any(e => e.RowKey == p.Participant.RowKey)))
        {
            return FormProblems.Concurrent(id);
        }

        var enrolled = existing.Where(p => p.Status == "Enrolled").ToList();
        foreach (var track in tracks.Values)
        {
            var total = enrolled.Count(p => p.TrackCode == track.Code) + people.Count(p => p.Participant.TrackCode == track.Code);
            if (total > track.Quota)
            {
                form.Fail("participants", $"Track '{track.Code}' takes {track.Quota} participants; this would make {total}.", $"Kelas '{track.Code}' menampung {track.Quota} peserta; kiriman ini menjadikannya {total}.");
            }
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        // The audit row first (who enrolled whom), so a failure to log stores nothing. Then names: if the programme
        // transaction then fails, the names are removed again, so no name is ever stored without its participant and
        // no participant without its name. Upserted, not added: a run again of a submission interrupted between the
        // two writes finds its own names (same ids) and goes on to the participants.
        await AuditLog.RecordAsync(store, time, caller, AuditAction.ParticipantsEnrolled, id, null, people.Select(p => p.Identity.RowKey), cancellationToken).ConfigureAwait(false);
        await store.Identities.SubmitTransactionAsync(people.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, p.Identity)), cancellationToken).ConfigureAwait(false);
        var result = await ProgrammeRequests.CommitAsync(store, programme, ProgrammeStage.Enrolling, [.. people.Select(p => new TableTransactionAction(TableTransactionActionType.Add, p.Participant))], time, cancellationToken).ConfigureAwait(false);
        if (result is not Outcome.Done)
        {
            await store.Identities.SubmitTransactionAsync(people.Select(p => new TableTransactionAction(TableTransactionActionType.Delete, p.Identity, ETag.All)), CancellationToken.None).ConfigureAwait(false);
            return result;
        }

        return new Outcome.Created($"/api/programmes/{id}/participants", new Enrolled(id, [.. people.Select(p => View(p.Participant, p.FullName))]));

        (ParticipantEntity Participant, IdentityEntity Identity, string FullName) Read(FormReader p)
        {
            var type = p.Choice<ParticipantType>("type");
            var track = p.Text("track", maxLength: 20);
            var fullName = p.Text("fullName", maxLength: 150);
            // Any month is read here; ReleaseMonth.Check then holds it to the programme's own range and says why.
            var release = p.Month("expectedReleaseMonth", required: type == ParticipantType.Inmate, earliest: DateOnly.MinValue, latest: DateOnly.MaxValue);
            var consent = p.Boolean("contactConsent", required: false) ?? false;
            var contact = p.Text("contact", required: false, maxLength: 200);
            if (track is not null && !tracks.ContainsKey(track))
            {
                p.Fail("track", $"The programme has no track '{track}'; its tracks are {string.Join(", ", tracks.Keys)}.", $"Program tidak memiliki kelas '{track}'; kelasnya adalah {string.Join(", ", tracks.Keys)}.");
            }

            CheckName(p, fullName);
            if (type == ParticipantType.Officer && release is not null)
            {
                p.Fail("expectedReleaseMonth", "Officers have no release month.", "Petugas tidak memiliki bulan bebas.");
            }
            else if (release is { } month)
            {
                ReleaseMonth.Check(p, "expectedReleaseMonth", month, programme!);
            }

            if (contact is not null && !consent)
            {
                p.Fail("contact", "Contact details are kept only with recorded consent: set contactConsent to true, or leave contact out.", "Kontak hanya disimpan dengan persetujuan tercatat: isi contactConsent dengan true, atau kosongkan kontak.");
            }

            var participantId = RecordId.New("p");
            var retention = type == ParticipantType.Inmate && release is not null
                ? release.Value.AddYears(3)
                : new DateOnly(programmeEnd.Year + 5, 12, 31);
            return (Participant: new ParticipantEntity
            {
                PartitionKey = id,
                RowKey = ParticipantEntity.Prefix + participantId,
                Type = type?.ToString() ?? string.Empty,
                TrackCode = track?.ToLowerInvariant() ?? string.Empty,
                ExpectedReleaseMonth = release is null ? null : DateText.MonthOf(release.Value),
                RetentionUntil = DateText.Of(retention),
                EnrolledAt = now,
            }, Identity: new IdentityEntity
            {
                PartitionKey = id,
                RowKey = participantId,
                SealedFullName = store.PersonalData.SealText(fullName ?? string.Empty),
                ContactConsent = consent,
                SealedContact = consent ? store.PersonalData.Seal(contact) : null,
                RetentionUntil = DateText.Of(retention),
            }, FullName: fullName ?? string.Empty);
        }
    }

    /// <summary>
    /// Reports on <paramref name="form"/>'s field <c>fullName</c> a name the certificate could not print: one
    /// without a letter (it has no initials) or with a character its font lacks.
    /// </summary>
    internal static void CheckName(FormReader form, string? fullName)
    {
        if (fullName is null)
        {
            return;
        }

        if (!fullName.Any(char.IsLetter))
        {
            form.Fail("fullName", "A name needs at least one letter (it is printed on the certificate with its initials).", "Nama harus memuat paling sedikit satu huruf (dicetak pada sertifikat beserta inisialnya).");
        }
        else if (CertificatePdf.UnprintableInName(fullName) is { } unprintable)
        {
            form.Fail("fullName", $"'{unprintable}' (U+{unprintable.Value:X4}) cannot be printed on a certificate; write the name in Latin letters.", $"'{unprintable}' (U+{unprintable.Value:X4}) tidak dapat dicetak pada sertifikat; tulis nama dengan huruf Latin.");
        }
    }

    // The rows of the file as the JSON form's participants, or the problem that names the cell, row or line at fault.
    // Reads the header, then one row at a time; a row past MaxParticipants ends the reading.
    private static async Task<(JsonArray? Participants, Problem? Problem)> ReadCsvAsync(CsvReader reader, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is not { } headerRow)
        {
            return (null, FormProblems.Invalid("document", "The CSV file cannot be read: it is empty.", "Berkas CSV tidak dapat dibaca: berkasnya kosong."));
        }

        var header = headerRow.Cells;
        var unknown = header.Where(h => !CsvColumns.Contains(h, StringComparer.OrdinalIgnoreCase)).ToList();
        var missing = RequiredCsvColumns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        var twice = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (unknown.Count > 0 || missing.Count > 0 || twice.Count > 0)
        {
            var columns = string.Join(", ", CsvColumns);
            return (null, FormProblems.Invalid(
                "document",
                $"The header row must name the columns {columns} (type, track and fullName required), each once; unknown: [{string.Join(", ", unknown)}], missing: [{string.Join(", ", missing)}], named twice: [{string.Join(", ", twice)}].",
                $"Baris judul harus menyebut kolom {columns} (type, track dan fullName wajib), masing-masing sekali; tidak dikenal: [{string.Join(", ", unknown)}], tidak ada: [{string.Join(", ", missing)}], disebut dua kali: [{string.Join(", ", twice)}]."));
        }

        var participants = new JsonArray();
        var errors = new List<FieldError>();
        var people = new Dictionary<string, (int Index, int Line)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) is { } row)
        {
            var index = participants.Count;
            if (index == MaxParticipants)
            {
                // Stop here: the rest of the file is never read.
                return (null, FormProblems.Invalid(
                    "participants",
                    $"The file lists more than {MaxParticipants} participants (line {row.Line} holds participant {MaxParticipants + 1}); one file enrols at most {MaxParticipants}: split it.",
                    $"Berkas memuat lebih dari {MaxParticipants} peserta (baris {row.Line} memuat peserta ke-{MaxParticipants + 1}); satu berkas mendaftarkan paling banyak {MaxParticipants}: pecah berkasnya."));
            }

            var item = new JsonObject();
            for (var column = 0; column < row.Cells.Length; column++)
            {
                var cell = row.Cells[column];
                if (cell.Length == 0)
                {
                    continue;
                }

                if (column >= header.Length)
                {
                    var name = $"{ColumnLetter(column)}{row.Line}";
                    errors.Add(new FieldError(
                        $"participants[{index}]",
                        $"Cell {name} ('{Shorten(cell)}') is beyond the header's {header.Length} columns (A to {ColumnLetter(header.Length - 1)}): remove it, or name its column in the header.",
                        $"Sel {name} ('{Shorten(cell)}') berada di luar {header.Length} kolom baris judul (A sampai {ColumnLetter(header.Length - 1)}): hapus, atau beri nama kolomnya pada baris judul."));
                    break;
                }

                item[header[column]] = header[column].Equals("contactConsent", StringComparison.OrdinalIgnoreCase) && ConsentOf(cell) is { } consent
                    ? JsonValue.Create(consent)
                    : JsonValue.Create(cell);
            }

            if (PersonOf(header, row.Cells) is { } person)
            {
                if (people.TryGetValue(person.Key, out var first))
                {
                    errors.Add(new FieldError(
                        $"participants[{index}]",
                        $"Lines {first.Line} and {row.Line} (participants[{first.Index}] and participants[{index}]) enrol the same person, {person.Shown}: remove one of them.",
                        $"Baris {first.Line} dan {row.Line} (participants[{first.Index}] dan participants[{index}]) mendaftarkan orang yang sama, {person.Shown}: hapus salah satunya."));
                }
                else
                {
                    people[person.Key] = (index, row.Line);
                }
            }

            participants.Add(item);
        }

        if (participants.Count == 0)
        {
            return (null, FormProblems.Invalid("document", "The CSV file cannot be read: it has no data rows under the header.", "Berkas CSV tidak dapat dibaca: tidak ada baris data di bawah judul kolom."));
        }

        return errors.Count > 0 ? (null, FormProblems.Invalid(errors)) : (participants, null);
    }

    // The same person, for a file that lists someone twice: the same type, name (letter case and spacing aside) and
    // release month, whatever the track. Two people who share all three are told apart by enrolling one of them alone.
    private static (string Key, string Shown)? PersonOf(string[] header, string[] cells)
    {
        string Cell(string column)
        {
            var at = Array.FindIndex(header, h => h.Equals(column, StringComparison.OrdinalIgnoreCase));
            return at >= 0 && at < cells.Length ? cells[at] : string.Empty;
        }

        var name = string.Join(' ', Cell("fullName").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (name.Length == 0)
        {
            return null;
        }

        var type = Cell("type");
        var release = Cell("expectedReleaseMonth");
        var shown = release.Length > 0 ? $"{type} '{name}' released {release}" : $"{type} '{name}'";
        return ($"{type.ToUpperInvariant()}|{name.ToUpperInvariant()}|{release}", shown);
    }

    // A spreadsheet's column name: A for 0, Z for 25, AA for 26.
    private static string ColumnLetter(int column) => column < 26 ? ((char)('A' + column)).ToString() : ColumnLetter((column / 26) - 1) + (char)('A' + (column % 26));

    private static string Shorten(string cell) => cell.Length > 40 ? cell[..40] + "…" : cell;

    private static ParticipantView View(ParticipantEntity p, string? fullName) =>
        new(p.ParticipantId, p.Type, p.TrackCode, p.Status, p.ExpectedReleaseMonth, p.ReleaseDate, p.RetentionUntil, fullName, p.PersonalDataRemovedAt is not null);

    private static bool? ConsentOf(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "YA" or "Y" or "1" => true,
        "FALSE" or "NO" or "TIDAK" or "N" or "0" => false,
        _ => null,
    };
}
