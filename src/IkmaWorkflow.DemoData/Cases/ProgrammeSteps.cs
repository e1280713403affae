using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.DemoData.Cases;

/// <summary>
/// The forms a programme goes through, as one case sends them: each under the idempotency key
/// <c>ikma-demo:{case}:{step}</c>, each logged.
/// </summary>
/// <param name="session">The connection to the app.</param>
/// <param name="caseKey">The case's key, such as <c>cipinang-2024</c>.</param>
public sealed class ProgrammeSteps(DemoSession session, string caseKey)
{
    // The parts of a letter number as the app parses it, B-535/IKMA.3/IND/VII/2024 read as B/535/IKMA.3/IND/7/2024.
    private static readonly string[] LetterNumberParts = ["classification", "serial", "unit", "ministryCode", "month", "year"];

    /// <summary>The connection to the app.</summary>
    public DemoSession Session => session;

    /// <summary>The programme, once opened.</summary>
    public string ProgrammeId { get; private set; } = string.Empty;

    /// <summary>The idempotency key of a step.</summary>
    public string Key(string step) => $"ikma-demo:{caseKey}:{step}";

    /// <summary>Registers the activity letter with its document (coordinators).</summary>
    public async Task<string> LetterAsync(object letter, DemoFile document, CancellationToken cancellationToken)
    {
        var answer = await session.PostDocumentAsync(session.As(DemoDirectory.DgIkma), "api/letters", letter, document, Key("letter"), cancellationToken).ConfigureAwait(false);
        var number = answer.Body["number"]!;
        var parts = LetterNumberParts.Select(p => number[p]?.ToString() ?? "?");
        session.Say($"activity letter {answer.Body["rawNumber"]} registered, read as {string.Join('/', parts)}{answer.Note}", "surat pelaksanaan kegiatan didaftarkan");
        return answer.Id;
    }

    /// <summary>Opens the programme (coordinators) and attaches the letter.</summary>
    public async Task OpenAsync(object programme, string letterId, CancellationToken cancellationToken)
    {
        var ministry = session.As(DemoDirectory.DgIkma);
        var opened = await session.PostJsonAsync(ministry, "api/programmes", programme, Key("open"), cancellationToken).ConfigureAwait(false);
        ProgrammeId = opened.Id;
        session.Say($"programme {ProgrammeId} opened{opened.Note}", "program dibuka");
        var attached = await session.PostJsonAsync(ministry, $"api/programmes/{ProgrammeId}/letter", new { letterId }, Key("attach-letter"), cancellationToken).ConfigureAwait(false);
        session.Say($"letter attached, stage {attached.Body["stage"]}{attached.Note}", "surat dilampirkan");
    }

    /// <summary>Sends the plan as <paramref name="organisationId"/>.</summary>
    public async Task PlanAsync(string organisationId, object plan, CancellationToken cancellationToken)
    {
        var answer = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/plan", plan, Key("plan"), cancellationToken).ConfigureAwait(false);
        session.Say($"plan sent by {organisationId}, stage {answer.Body["stage"]}{answer.Note}", "rencana program dikirim");
    }

    /// <summary>
    /// Enrols <paramref name="participants"/> by CSV as <paramref name="organisationId"/>; answers each participant's id
    /// by full name. The answer lists them in the CSV's order, which is what pairs them: a replayed answer older than
    /// the retention period has its names blanked.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> EnrolAsync(string organisationId, IReadOnlyList<DemoParticipant> participants, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var answer = await session.PostCsvAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/participants/csv", Csv(participants), Key("enrol"), cancellationToken).ConfigureAwait(false);
        var enrolled = answer.Body["participants"]!.AsArray();
        if (enrolled.Count != participants.Count)
        {
            throw new DemoException($"The enrolment answered {enrolled.Count} participants for {participants.Count} rows.");
        }

        var ids = participants.Zip(enrolled).ToDictionary(pair => pair.First.Name, pair => pair.Second!["id"]!.GetValue<string>(), StringComparer.Ordinal);
        session.Say($"{ids.Count} participants enrolled by CSV{answer.Note}", $"{ids.Count} peserta didaftarkan lewat CSV");
        var closed = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/enrolment/close", new { }, Key("close-enrolment"), cancellationToken).ConfigureAwait(false);
        session.Say($"enrolment closed, stage {closed.Body["stage"]}{closed.Note}", "pendaftaran ditutup");
        return ids;
    }

    /// <summary>Records one training day's attendance as <paramref name="organisationId"/>.</summary>
    public async Task AttendanceAsync(string organisationId, DateOnly day, IReadOnlyCollection<string> present, CancellationToken cancellationToken)
    {
        var answer = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/attendance", new { date = Text(day), present }, Key($"attendance:{Text(day)}"), cancellationToken).ConfigureAwait(false);
        session.Say($"attendance {Text(day)}: {present.Count} present, {answer.Body["absent"]?.AsArray().Count ?? 0} absent{answer.Note}", $"kehadiran {Text(day)}: {present.Count} hadir");
    }

    /// <summary>Submits the assessments as <paramref name="organisationId"/>.</summary>
    public async Task AssessmentsAsync(string organisationId, IReadOnlyList<object> results, CancellationToken cancellationToken)
    {
        var answer = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/assessments", new { results }, Key("assessments"), cancellationToken).ConfigureAwait(false);
        session.Say($"{results.Count} assessments submitted by {organisationId}{answer.Note}", $"{results.Count} hasil penilaian dikirim");
    }

    /// <summary>Uploads a documentation file as <paramref name="organisationId"/>.</summary>
    public async Task DocumentAsync(string organisationId, string kind, string description, DemoFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var answer = await session.PostDocumentAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/documents", new { kind, description, identifiableFaces = false }, file, Key($"document:{file.FileName}"), cancellationToken).ConfigureAwait(false);
        session.Say($"{kind} {file.FileName} uploaded by {organisationId} (SHA-256 {answer.Body["sha256"]?.GetValue<string>()[..12]}…){answer.Note}", $"dokumentasi {file.FileName} diunggah");
    }

    /// <summary>Sends the closing report as <paramref name="organisationId"/>.</summary>
    public async Task ClosingReportAsync(string organisationId, object report, CancellationToken cancellationToken)
    {
        var answer = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/closing-report", report, Key("closing-report"), cancellationToken).ConfigureAwait(false);
        session.Say($"closing report sent, stage {answer.Body["stage"]}{answer.Note}", "laporan penutupan dikirim");
    }

    /// <summary>
    /// Waits until the programme orchestration has issued the certificates and moved the programme to
    /// <c>FollowUp</c>; answers each certificate's number by participant id.
    /// </summary>
    /// <exception cref="DemoException">Not there within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyDictionary<string, string>> WaitForCertificatesAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ministry = session.As(DemoDirectory.DgIkma);
        var deadline = DateTime.UtcNow + timeout;
        session.Say("waiting for the certificates to be issued", "menunggu sertifikat diterbitkan");
        while (true)
        {
            var programme = await session.GetAsync(ministry, $"api/programmes/{ProgrammeId}", cancellationToken).ConfigureAwait(false);
            if (programme["stage"]?.GetValue<string>() == "FollowUp")
            {
                var certificates = (await session.GetAsync(ministry, $"api/programmes/{ProgrammeId}/certificates", cancellationToken).ConfigureAwait(false)).AsArray();
                var numbers = certificates.ToDictionary(c => c!["participantId"]!.GetValue<string>(), c => c!["number"]!.GetValue<string>(), StringComparer.Ordinal);
                session.Say($"{numbers.Count} certificates issued; the programme is in FollowUp", $"{numbers.Count} sertifikat terbit; program masuk tahap tindak lanjut");
                return numbers;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new DemoException($"The programme {ProgrammeId} did not reach FollowUp within {timeout.TotalSeconds:0} s (stage {programme["stage"]}). Check the app log and GET /api/durable/instances/programme-{ProgrammeId}.");
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reports an inmate's release as <paramref name="organisationId"/>.</summary>
    public async Task ReleaseAsync(string organisationId, string participantId, DateOnly releaseDate, string route, CancellationToken cancellationToken)
    {
        var answer = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/participants/{participantId}/release", new { releaseDate = Text(releaseDate), route }, Key($"release:{participantId}"), cancellationToken).ConfigureAwait(false);
        var due = string.Join(", ", answer.Body["checkpoints"]!.AsArray().Select(c => $"{c!["months"]}m {c["dueDate"]}"));
        session.Say($"release of {participantId} on {Text(releaseDate)} ({route}) reported; checkpoints {due}{answer.Note}", $"pembebasan {participantId} dilaporkan");
    }

    /// <summary>
    /// Moves the clock to 08:30 WIB on <paramref name="due"/>, past the daily follow-up scan at 08:00 WIB, and waits until
    /// every checkpoint of <paramref name="months"/> months for <paramref name="participantIds"/> is requested (or
    /// already reported, on a second run). The clock moves a day further when the scan has not run within a few seconds:
    /// a timer still settling its previous run waits for the next occurrence.
    /// </summary>
    /// <exception cref="DemoException">The scan did not ask for them.</exception>
    public async Task WaitForCheckpointAsync(string probationOfficeId, int months, DateOnly due, IReadOnlyCollection<string> participantIds, CancellationToken cancellationToken)
    {
        for (var nudge = 0; nudge < 5; nudge++)
        {
            await session.Clock.MoveToAsync(DemoClockClient.At(due.AddDays(nudge), 8, 30), cancellationToken).ConfigureAwait(false);
            var until = DateTime.UtcNow.AddSeconds(10);
            do
            {
                var rows = await FollowUpsAsync(probationOfficeId, cancellationToken).ConfigureAwait(false);
                var statuses = rows.Where(r => r!["months"]!.GetValue<int>() == months && participantIds.Contains(r["participantId"]!.GetValue<string>()))
                    .Select(r => r!["status"]!.GetValue<string>()).ToList();
                if (statuses.Count == participantIds.Count && statuses.All(s => s is "Requested" or "Reported"))
                {
                    await WaitUntilAskedAsync(months, participantIds, cancellationToken).ConfigureAwait(false);
                    session.Say($"the {months}-month checkpoints were requested from {probationOfficeId} by the daily scan", $"tindak lanjut {months} bulan diminta kepada {probationOfficeId}");
                    return;
                }

                await Task.Delay(300, cancellationToken).ConfigureAwait(false);
            }
            while (DateTime.UtcNow < until);
        }

        throw new DemoException($"The daily follow-up scan did not request the {months}-month checkpoints of programme {ProgrammeId}. Is the FollowUpScan timer on, and Standalone__TimerClockCheckInterval short (00:00:01)?");
    }

    /// <summary>
    /// Waits (through the durable management API, as the operator) until each checkpoint's orchestration has emailed
    /// the probation office and waits for the outcome, so Bapas answers a request it received, as in life: an outcome
    /// arriving before the request would close the checkpoint without the request email.
    /// </summary>
    private async Task WaitUntilAskedAsync(int months, IReadOnlyCollection<string> participantIds, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var participantId in participantIds)
        {
            var instanceId = string.Create(CultureInfo.InvariantCulture, $"followup-{ProgrammeId}-{participantId}-{months:D2}");
            while (true)
            {
                var instance = await session.GetAsync(session.Operator, $"api/durable/instances/{instanceId}", cancellationToken).ConfigureAwait(false);
                if (instance["customStatus"]?["state"]?.GetValue<string>() is "WaitingForOutcome" or "Reported" or "Unreachable")
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new DemoException($"The follow-up orchestration {instanceId} did not ask the probation office within 60 s: {instance.ToJsonString()}");
                }

                await Task.Delay(300, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Submits one checkpoint's outcome as <paramref name="organisationId"/>.</summary>
    public async Task OutcomeAsync(string organisationId, string participantId, int months, object outcome, CancellationToken cancellationToken)
    {
        var answer = await session.PostJsonAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/participants/{participantId}/follow-ups/{months}", outcome, Key($"follow-up:{participantId}:{months}"), cancellationToken).ConfigureAwait(false);
        var employment = answer.Body["employmentStatus"]?.ToString() is { Length: > 0 } status ? $", {status}" : string.Empty;
        session.Say($"{months}-month outcome for {participantId}: {answer.Body["contactOutcome"]}{employment}{answer.Note}", $"hasil tindak lanjut {months} bulan dikirim");
    }

    /// <summary>The programme's follow-up checkpoints as <paramref name="organisationId"/> sees them.</summary>
    public async Task<JsonArray> FollowUpsAsync(string organisationId, CancellationToken cancellationToken) =>
        (await session.GetAsync(session.As(organisationId), $"api/programmes/{ProgrammeId}/follow-ups", cancellationToken).ConfigureAwait(false)).AsArray();

    /// <summary>A date as the forms take it.</summary>
    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The enrolment CSV of <paramref name="participants"/>.</summary>
    public static string Csv(IEnumerable<DemoParticipant> participants)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var csv = new StringBuilder("type,track,fullName,expectedReleaseMonth\n");
        foreach (var p in participants)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{p.Type},{p.Track},{p.Name},{p.ExpectedReleaseMonth}\n");
        }

        return csv.ToString();
    }
}

/// <summary>A participant as a case defines them.</summary>
/// <param name="Name">The fictional full name.</param>
/// <param name="Type"><c>Inmate</c> or <c>Officer</c>.</param>
/// <param name="Track">The track code.</param>
/// <param name="ExpectedReleaseMonth"><c>yyyy-MM</c> for inmates, empty for officers.</param>
/// <param name="DaysPresent">Training days attended, from the first.</param>
/// <param name="Score">The assessment score, 0–100.</param>
/// <param name="Passed">Whether the assessment was passed.</param>
public sealed record DemoParticipant(string Name, string Type, string Track, string ExpectedReleaseMonth, int DaysPresent, int Score, bool Passed);
