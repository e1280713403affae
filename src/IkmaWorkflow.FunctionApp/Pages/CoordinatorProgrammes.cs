using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The coordinators' parts of the home and programme pages: the programme list with what each waits for, overdue
/// first; and, on a programme's page, its timeline in plain words (with the orchestration's steps,
/// <see cref="CoordinatorHistory"/>), participants, attendance per day as a chart,
/// documents with photo thumbnails, certificates and follow-up checkpoints, each read through the same domain read
/// the API answers with.
/// </summary>
internal static class CoordinatorProgrammes
{
    /// <summary>The programmes as a table: overdue first (longest overdue on top), then by stage and start.</summary>
    public static Markup List(PageContext page, IReadOnlyList<ProgrammeSummary> programmes, IReadOnlyDictionary<string, ProgrammeEntity> rows, IReadOnlyDictionary<string, string> names, ProgrammeWorkflowOptions options, DateTimeOffset now)
    {
        if (programmes.Count == 0)
        {
            return Html.Of($"""<p>{page.T("Belum ada program.", "No programme yet.")}</p>""");
        }

        var listed = programmes
            .Select(p => (Programme: p, Waiting: rows.TryGetValue(p.Id, out var row) ? Coordinators.Waiting(row, page.Today, options) : (now, (DateTimeOffset?)null)))
            .Select(x => (x.Programme, x.Waiting.Item1, Overdue: x.Waiting.Item2 is { } from && from <= now ? from : (DateTimeOffset?)null))
            .OrderBy(x => x.Overdue is null)
            .ThenBy(x => x.Overdue ?? DateTimeOffset.MaxValue)
            .ThenBy(x => Enum.TryParse<ProgrammeStage>(x.Programme.Stage, out var s) ? (int)s : 99)
            .ThenBy(x => x.Programme.StartDate ?? "9999", StringComparer.Ordinal)
            .ToList();
        var overdue = listed.Count(x => x.Overdue is not null);
        var rowsHtml = Html.Join(listed, x =>
        {
            var state = x.Overdue is { } from
                ? Html.Of($"""<span class="late">{page.T($"Terlambat {page.Number(Coordinators.Days(from, now))} hari", $"Overdue {page.Number(Coordinators.Days(from, now))} days")}</span>""")
                : Html.Of($"""{page.T("Sesuai jadwal", "On time")}""");
            return Html.Of($"""
                <tr{(x.Overdue is null ? Markup.Empty : Html.Of($""" class="overdue" """))}>
                <th scope="row"><a href="{PageRoutes.ProgrammePath(x.Programme.Id)}">{x.Programme.Title}</a><br><span class="meta">{names.GetValueOrDefault(x.Programme.FacilityId, x.Programme.FacilityId)} · {x.Programme.Year}</span></th>
                <td><span class="stage">{PageText.Stage(page, x.Programme.Stage)}</span><br><span class="meta">{page.T("sejak", "since")} {page.Time(x.Item2)}</span></td>
                <td>{PageText.Expects(page, x.Programme.Stage)}</td>
                <td>{state}</td>
                </tr>
                """);
        });
        return Html.Of($"""
            <p>{page.T($"{page.Number(programmes.Count)} program, {page.Number(overdue)} terlambat.", $"{page.Number(programmes.Count)} programmes, {page.Number(overdue)} overdue.")}</p>
            <div class="table"><table class="programmes">
            <caption>{page.T("Program, yang terlambat lebih dulu", "Programmes, overdue first")}</caption>
            <thead><tr><th scope="col">{page.T("Program", "Programme")}</th><th scope="col">{page.T("Tahap", "Stage")}</th><th scope="col">{page.T("Menunggu", "Waiting for")}</th><th scope="col">{page.T("Keadaan", "State")}</th></tr></thead>
            <tbody>{rowsHtml}</tbody>
            </table></div>
            """);
    }

    /// <summary>The coordinators' sections of programme <paramref name="programme"/>'s page.</summary>
    public static async Task<Markup> SectionsAsync(PageContext page, ProgrammeView programme, RecordStore store, DurableTaskClient client, ProgrammeWorkflowOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = programme.Id;
        var caller = page.Person.Caller;
        var row = (await store.Programmes.GetEntityAsync<ProgrammeEntity>(id, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var instance = await client.GetInstanceAsync(ProgrammeSignals.InstanceIdOf(id), getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        var participants = Value<IReadOnlyList<EnrolmentRequests.ParticipantView>>(await EnrolmentRequests.ListAsync(id, caller, store, time, cancellationToken).ConfigureAwait(false)) ?? [];
        var days = Value<IReadOnlyList<AttendanceRequests.AttendanceView>>(await AttendanceRequests.ListAsync(id, caller, store, cancellationToken).ConfigureAwait(false)) ?? [];
        var documents = Value<IReadOnlyList<DocumentRequests.DocumentView>>(await DocumentRequests.ListAsync(id, caller, store, cancellationToken).ConfigureAwait(false)) ?? [];
        var certificates = Value<IReadOnlyList<CertificateRequests.CertificateView>>(await CertificateRequests.ListAsync(id, caller, store, time, cancellationToken).ConfigureAwait(false)) ?? [];
        var followUps = Value<IReadOnlyList<FollowUpRequests.FollowUpView>>(await FollowUpRequests.ListAsync(id, caller, store, cancellationToken).ConfigureAwait(false)) ?? [];
        var names = participants.ToDictionary(p => p.Id, p => p.FullName ?? p.Id, StringComparer.Ordinal);
        var history = await CoordinatorHistory.SectionAsync(page, client, instance, cancellationToken).ConfigureAwait(false);
        return Html.Of($"""
            {Timeline(page, row, instance, history, options, time.GetUtcNow())}
            {Participants(page, participants, days)}
            {AttendanceChart(page, programme, participants, days)}
            {Documents(page, id, documents)}
            {Certificates(page, id, certificates)}
            {FollowUps(page, id, followUps, names)}
            """);
    }

    // The stages entered, oldest first, each said in plain words with when; then what the orchestration says now, and
    // the steps of its current generation.
    private static Markup Timeline(PageContext page, ProgrammeEntity row, OrchestrationMetadata? instance, Markup history, ProgrammeWorkflowOptions options, DateTimeOffset now)
    {
        var entries = StageHistory.Entered(row, page.Today);
        var (since, overdueFrom) = Coordinators.Waiting(row, page.Today, options);
        var items = Html.Join(entries, e => Html.Of($"""<li><span class="when">{page.Time(e.At)}</span> {CoordinatorText.Entered(page, e.Stage)}</li>"""));
        var late = overdueFrom is { } from && from <= now
            ? Html.Of($""" <span class="late">{page.T($"Terlambat {page.Number(Coordinators.Days(from, now))} hari (pengingat dikirim setiap {page.Number((int)options.ReminderInterval.TotalDays)} hari).", $"Overdue {page.Number(Coordinators.Days(from, now))} days (a reminder goes every {page.Number((int)options.ReminderInterval.TotalDays)} days).")}</span>""")
            : Markup.Empty;
        var status = instance?.ReadCustomStatusAs<ProgrammeStatus>();
        var orchestration = instance is null
            ? page.T("Orkestrasi program belum berjalan; pemeriksaan harian akan memulainya.", "The programme's orchestration is not running; the daily check starts it.")
            : status is null
                ? page.T($"Orkestrasi: {CoordinatorText.Runtime(page, instance.RuntimeStatus)}, diperbarui {page.Time(instance.LastUpdatedAt)}.", $"Orchestration: {CoordinatorText.Runtime(page, instance.RuntimeStatus)}, updated {page.Time(instance.LastUpdatedAt)}.")
                : page.T(
                    $"Orkestrasi: {CoordinatorText.Runtime(page, instance.RuntimeStatus)} pada tahap {PageText.Stage(page, status.Stage)}, menunggu {status.WaitingForIndonesian}; {page.Number(status.RemindersSent)} pengingat terkirim pada tahap ini; diperbarui {page.Time(instance.LastUpdatedAt)}.",
                    $"Orchestration: {CoordinatorText.Runtime(page, instance.RuntimeStatus)} at stage {PageText.Stage(page, status.Stage)}, waiting for {status.WaitingFor}; {page.Number(status.RemindersSent)} reminders sent at this stage; updated {page.Time(instance.LastUpdatedAt)}.");
        return Html.Of($"""
            <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{page.T("Riwayat", "Timeline")}</h2>
            <ol class="timeline">{items}</ol>
            <p>{page.T($"Pada tahap ini sejak {page.Time(since)}.", $"At this stage since {page.Time(since)}.")}{late}</p>
            <p class="meta">{orchestration} <a href="{PageRoutes.OrchestrationPath(ProgrammeSignals.InstanceIdOf(row.PartitionKey))}">{page.T("Orkestrasi program", "The programme's orchestration")}</a></p>
            {history}
            </section>
            """);
    }

    private static Markup Participants(PageContext page, IReadOnlyList<EnrolmentRequests.ParticipantView> participants, IReadOnlyList<AttendanceRequests.AttendanceView> days)
    {
        if (participants.Count == 0)
        {
            return Html.Of($"""<h2>{page.T("Peserta", "Participants")}</h2><p>{page.T("Belum ada peserta.", "No participant yet.")}</p>""");
        }

        return Html.Of($"""
            <h2 id="participants-heading">{page.T("Peserta", "Participants")}</h2>
            <div class="table"><table>
            <caption>{page.T($"{page.Number(participants.Count)} peserta", $"{page.Number(participants.Count)} participants")}</caption>
            <thead><tr><th scope="col">{page.T("Nama", "Name")}</th><th scope="col">{page.T("Jenis", "Type")}</th><th scope="col">{page.T("Kelas", "Track")}</th><th scope="col">{page.T("Status", "Status")}</th><th scope="col" class="num">{page.T("Hari hadir", "Days present")}</th></tr></thead>
            <tbody>{Html.Join(participants, p => Html.Of($"""<tr><td>{p.FullName ?? page.T("(data pribadi dihapus)", "(personal data erased)")}</td><td>{PageText.ParticipantType(page, p.Type)}</td><td>{p.Track}</td><td>{CoordinatorText.ParticipantStatus(page, p.Status)}</td><td class="num">{page.Number(days.Count(d => d.Present.Contains(p.Id)))}</td></tr>"""))}</tbody>
            </table></div>
            """);
    }

    // Attendance per training day as an inline SVG bar chart (the page's content security policy allows no inline
    // style, and SVG's own attributes need none), with the same figures in a table for screen readers and print.
    private static Markup AttendanceChart(PageContext page, ProgrammeView programme, IReadOnlyList<EnrolmentRequests.ParticipantView> participants, IReadOnlyList<AttendanceRequests.AttendanceView> days)
    {
        var heading = Html.Of($"""<h2 id="attendance-heading">{page.T("Kehadiran per hari", "Attendance per day")}</h2>""");
        if (programme.StartDate is null || programme.EndDate is null)
        {
            return Html.Of($"""{heading}<p>{page.T("Tanggal pelatihan belum direncanakan.", "The training dates are not planned yet.")}</p>""");
        }

        var start = DateText.Parse(programme.StartDate);
        var end = DateText.Parse(programme.EndDate);
        var recorded = days.ToDictionary(d => d.Date, StringComparer.Ordinal);
        var enrolled = Math.Max(1, participants.Count(p => p.Status == "Enrolled"));
        var bars = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1)
            .Select(i => start.AddDays(i))
            .Select(d => (Day: d, Present: recorded.TryGetValue(DateText.Of(d), out var r) ? r.Present.Count : (int?)null))
            .ToList();
        var chart = Charts.Bars(
            page,
            page.T($"Kehadiran per hari dari {page.Number(enrolled)} peserta terdaftar", $"Attendance per day of {page.Number(enrolled)} enrolled participants"),
            [.. bars.Select(b => new Charts.Bar(page.Date(b.Day), b.Present ?? 0, b.Present is null ? page.T("belum tercatat", "not recorded") : page.Number(b.Present.Value), $"{b.Day.Day}/{b.Day.Month}"))],
            enrolled);
        var table = Html.Join(bars, b => Html.Of($"""<tr><td>{page.Day(b.Day)}</td><td class="num">{(b.Present is { } n ? page.Number(n) : "–")}</td><td class="num">{(b.Present is { } m ? page.Number(100.0 * m / enrolled, 0) + " %" : page.T("belum tercatat", "not recorded"))}</td></tr>"""));
        return Html.Of($"""
            {heading}
            {chart}
            <div class="table"><table class="compact">
            <caption>{page.T("Kehadiran per hari (angka)", "Attendance per day (figures)")}</caption>
            <thead><tr><th scope="col">{page.T("Hari", "Day")}</th><th scope="col" class="num">{page.T("Hadir", "Present")}</th><th scope="col" class="num">{page.T("Persen", "Percent")}</th></tr></thead>
            <tbody>{table}</tbody>
            </table></div>
            """);
    }

    // Documents; photos (coordinators only, as the domain lists them) with a thumbnail served by a page route that
    // checks the session.
    private static Markup Documents(PageContext page, string id, IReadOnlyList<DocumentRequests.DocumentView> documents)
    {
        var heading = Html.Of($"""<h2 id="documents-heading">{page.T("Dokumen", "Documents")}</h2>""");
        if (documents.Count == 0)
        {
            return Html.Of($"""{heading}<p>{page.T("Belum ada dokumen.", "No document yet.")}</p>""");
        }

        var rows = Html.Join(documents.OrderByDescending(d => d.UploadedAt), d =>
        {
            var file = PageRoutes.ProgrammePath(id, $"documents/{Uri.EscapeDataString(d.Id)}/file");
            var shown = d.Purged
                ? Html.Of($"""<span class="meta">{page.T("berkas dihapus di akhir masa simpan", "file removed at the end of its retention")}</span>""")
                : d.Kind == "Photo"
                    ? Html.Of($"""<a href="{file}"><img class="thumb" src="{file}" alt="{d.Description}" width="120" height="90" loading="lazy"></a>""")
                    : Html.Of($"""<a href="{file}">{d.FileName}</a>""");
            var faces = d.IdentifiableFaces ? Html.Of($"""<br><span class="meta">{page.T("wajah dapat dikenali", "identifiable faces")}</span>""") : Markup.Empty;
            return Html.Of($"""<tr><td>{shown}</td><td>{PageText.DocumentKind(page, d.Kind)}{faces}</td><td>{d.Description}</td><td class="num">{page.Size(d.Size)}</td><td>{page.Time(d.UploadedAt)}</td></tr>""");
        });
        return Html.Of($"""
            {heading}
            <div class="table"><table>
            <caption>{page.T($"{page.Number(documents.Count)} dokumen", $"{page.Number(documents.Count)} documents")}</caption>
            <thead><tr><th scope="col">{page.T("Berkas", "File")}</th><th scope="col">{page.T("Jenis", "Kind")}</th><th scope="col">{page.T("Keterangan", "Description")}</th><th scope="col" class="num">{page.T("Ukuran", "Size")}</th><th scope="col">{page.T("Diunggah", "Uploaded")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table></div>
            """);
    }

    private static Markup Certificates(PageContext page, string id, IReadOnlyList<CertificateRequests.CertificateView> certificates)
    {
        var heading = Html.Of($"""<h2 id="certificates">{page.T("Sertifikat", "Certificates")}</h2>""");
        if (certificates.Count == 0)
        {
            return Html.Of($"""{heading}<p>{page.T("Belum ada sertifikat.", "No certificate yet.")}</p>""");
        }

        var rows = Html.Join(certificates, c =>
        {
            var actions = c.Status == "Valid"
                ? Html.Of($"""<a href="{PageRoutes.CertificatePath(id, c.Number, "pdf")}">{page.T("Unduh PDF", "Download PDF")}<span class="visually-hidden"> {c.Number}</span></a> · <a href="{PageRoutes.CertificatePath(id, c.Number)}">{page.T("Cabut atau terbitkan ulang", "Revoke or reissue")}<span class="visually-hidden"> {c.Number}</span></a>""")
                : Html.Of($"""<a href="{PageRoutes.CertificatePath(id, c.Number)}">{page.T("Lihat", "View")}<span class="visually-hidden"> {c.Number}</span></a>""");
            return Html.Of($"""<tr><td><code>{c.Number}</code></td><td>{c.HolderName ?? c.Initials}</td><td>{c.Track}</td><td>{page.Date(c.IssueDate)}</td><td>{CoordinatorText.CertificateStatus(page, c.Status)}</td><td>{actions}</td></tr>""");
        });
        return Html.Of($"""
            {heading}
            <div class="table"><table>
            <caption>{page.T($"{page.Number(certificates.Count)} sertifikat", $"{page.Number(certificates.Count)} certificates")}</caption>
            <thead><tr><th scope="col">{page.T("Nomor", "Number")}</th><th scope="col">{page.T("Pemegang", "Holder")}</th><th scope="col">{page.T("Kelas", "Track")}</th><th scope="col">{page.T("Terbit", "Issued")}</th><th scope="col">{page.T("Status", "Status")}</th><th scope="col">{page.T("Tindakan", "Actions")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table></div>
            """);
    }

    private static Markup FollowUps(PageContext page, string id, IReadOnlyList<FollowUpRequests.FollowUpView> followUps, IReadOnlyDictionary<string, string> names)
    {
        var heading = Html.Of($"""<h2 id="follow-ups-heading">{page.T("Tindak lanjut setelah bebas", "Follow-up checkpoints")}</h2>""");
        if (followUps.Count == 0)
        {
            return Html.Of($"""{heading}<p>{page.T("Belum ada titik pemantauan (dijadwalkan saat peserta warga binaan bebas).", "No checkpoint yet (scheduled when an inmate participant is released).")}</p>""");
        }

        var rows = Html.Join(followUps.OrderBy(f => f.DueDate, StringComparer.Ordinal), f => Html.Of($"""
            <tr><td>{names.GetValueOrDefault(f.ParticipantId, f.ParticipantId)}</td><td class="num">{page.Number(f.Months)}</td><td>{page.Date(f.DueDate)}</td><td>{CoordinatorText.CheckpointStatus(page, f.Status, f.DueDate, page.Today)}</td><td>{CoordinatorText.ContactOutcome(page, f.ContactOutcome)}</td>
            <td><a href="{PageRoutes.ProgrammePath(id, $"participants/{Uri.EscapeDataString(f.ParticipantId)}/follow-ups/{f.Months}")}">{page.T("Buka", "Open")}<span class="visually-hidden"> {names.GetValueOrDefault(f.ParticipantId, f.ParticipantId)} {f.Months}</span></a></td></tr>
            """));
        return Html.Of($"""
            {heading}
            <div class="table"><table>
            <caption>{page.T($"{page.Number(followUps.Count)} titik pemantauan", $"{page.Number(followUps.Count)} checkpoints")}</caption>
            <thead><tr><th scope="col">{page.T("Peserta", "Participant")}</th><th scope="col" class="num">{page.T("Bulan", "Months")}</th><th scope="col">{page.T("Jatuh tempo", "Due")}</th><th scope="col">{page.T("Status", "Status")}</th><th scope="col">{page.T("Hasil kontak", "Contact")}</th><th scope="col">{page.T("Formulir", "Form")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table></div>
            """);
    }

    // A domain read's value; a coordinator is refused none of these reads, and a refusal shows as an empty section.
    private static T? Value<T>(Programmes.Forms.Outcome outcome)
        where T : class => outcome is Programmes.Forms.Outcome.Done { Value: T value } ? value : null;
}
