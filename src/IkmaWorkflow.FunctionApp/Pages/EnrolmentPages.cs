using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// A programme's participants and its enrolment forms: one participant at a time, or a CSV file (with a template to
/// download), sent to <see cref="EnrolmentRequests"/> as the API sends them.
/// </summary>
public sealed class EnrolmentPages(PageCalls pages, RecordStore store, TimeProvider time)
{
    private const string CsvField = "document";

    /// <summary><c>GET /api/pages/programmes/{id}/participants</c>: the participants, and the enrolment forms while enrolment is open.</summary>
    [Function("PageParticipants")]
    public Task<IResult> ParticipantsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Participants)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, FormState.Fresh(), FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/participants</c>: enrols one participant.</summary>
    [Function("PageParticipantEnrol")]
    public Task<IResult> EnrolAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Participants)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => EnrolmentRequests.EnrolAsync(id, page.Person.Caller, new FormBody(OneParticipant(form), null), store, time, cancellationToken),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id, "participants") + "?saved=one"),
            (page, state) => RenderAsync(page, id, state, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/participants/csv</c>: enrols every row of the CSV file, or none.</summary>
    [Function("PageParticipantEnrolCsv")]
    public Task<IResult> EnrolCsvAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.ParticipantsCsv)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            async (page, form) => form.Files.GetFile(CsvField) is { Length: > 0 } file
                ? await EnrolmentRequests.EnrolCsvAsync(id, page.Person.Caller, () => Task.FromResult<(Stream?, Problem?)>((file.OpenReadStream(), null)), store, time, cancellationToken).ConfigureAwait(false)
                : FormProblems.Invalid(CsvField, "Choose the CSV file to upload.", "Pilih berkas CSV yang akan diunggah."),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id, "participants") + "?saved=csv"),
            (page, state) => RenderAsync(page, id, FormState.Fresh(), state, cancellationToken));

    /// <summary><c>GET /api/pages/programmes/{id}/participants/template.csv</c>: the CSV's header and example rows with the programme's track codes.</summary>
    [Function("PageParticipantTemplate")]
    public Task<IResult> TemplateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.ParticipantsTemplate)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            var track = programme!.Tracks.Count > 0 ? programme.Tracks[0].Code : "batik";
            var month = DateText.MonthOf(page.Today.AddMonths(6));
            var csv = new StringBuilder()
                .Append(string.Join(',', EnrolmentRequests.CsvColumns)).Append("\r\n")
                .Append("Inmate,").Append(track).Append(",Nama Lengkap Peserta,").Append(month).Append(",ya,0812-0000-0000\r\n")
                .Append("Officer,").Append(track).Append(",Nama Lengkap Petugas,,tidak,\r\n");
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
            return TypedResults.File(bytes, "text/csv; charset=utf-8", $"peserta-{id}.csv");
        });

    // The single form's fields as the JSON the API takes: texts as typed (the domain trims them), the box as a boolean.
    private static JsonElement OneParticipant(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "type", "track", "fullName", "expectedReleaseMonth", "contact" })
        {
            if (form[name].ToString() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        data["contactConsent"] = form["contactConsent"].ToString() == "true";
        return JsonSerializer.SerializeToElement(data);
    }

    private async Task<IResult> RenderAsync(PageContext page, string id, FormState one, FormState csv, CancellationToken cancellationToken)
    {
        var (programme, participants, refused) = await PageData.ProgrammeAndParticipantsAsync(page, id, store, time, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var saved = page.Request.Query["saved"].ToString() switch
        {
            "one" => page.T("Peserta sudah didaftarkan.", "The participant is enrolled."),
            "csv" => page.T("Semua baris berkas CSV sudah didaftarkan.", "Every row of the CSV file is enrolled."),
            _ => null,
        };
        var list = participants!.Count == 0
            ? Html.Of($"""<p>{page.T("Belum ada peserta.", "No participant yet.")}</p>""")
            : Html.Of($"""
                <div class="table"><table>
                <caption>{page.T($"{page.Number(participants.Count)} peserta", $"{page.Number(participants.Count)} participants")}</caption>
                <thead><tr><th scope="col">{page.T("Nama", "Name")}</th><th scope="col">{page.T("Jenis", "Type")}</th><th scope="col">{page.T("Kelas", "Track")}</th><th scope="col">{page.T("Perkiraan bebas", "Expected release")}</th><th scope="col">ID</th></tr></thead>
                <tbody>{Html.Join(participants, p => Html.Of($"""<tr><td>{p.FullName ?? "–"}</td><td>{PageText.ParticipantType(page, p.Type)}</td><td>{p.Track}</td><td>{p.ExpectedReleaseMonth ?? "–"}</td><td><code>{p.Id}</code></td></tr>"""))}</tbody>
                </table></div>
                """);
        var forms = programme!.Stage == nameof(ProgrammeStage.Enrolling)
            ? Forms(page, id, programme, one, csv)
            : Html.Of($"""<p class="notice">{page.T($"Pendaftaran tidak dibuka pada tahap ini ({PageText.Stage(page, programme.Stage)}).", $"Enrolment is not open at this stage ({PageText.Stage(page, programme.Stage)}).")}</p>""");
        var content = Html.Of($"""
            {PageLayout.Saved(saved)}
            {forms}
            <h2>{page.T("Peserta", "Participants")}</h2>
            {list}
            """);
        var status = one.Problem?.Status ?? csv.Problem?.Status ?? StatusCodes.Status200OK;
        return PageLayout.Page(page, page.T("Peserta", "Participants"), content, status, ProgrammePages.Crumbs(page, id, programme.Title));
    }

    private static Markup Forms(PageContext page, string id, ProgrammeView programme, FormState one, FormState csv)
    {
        var tracks = programme.Tracks.Select(t => (t.Code, $"{page.T(t.Name, t.NameEnglish)} ({t.Code}) – {page.T($"{t.Enrolled} dari {t.Quota}", $"{t.Enrolled} of {t.Quota}")}"));
        string Label(string field) => field switch
        {
            "type" => page.T("Jenis peserta", "Participant type"),
            "track" => page.T("Kelas", "Track"),
            "fullName" => page.T("Nama lengkap", "Full name"),
            "expectedReleaseMonth" => page.T("Perkiraan bulan bebas", "Expected release month"),
            "contactConsent" => page.T("Persetujuan kontak", "Contact consent"),
            "contact" => page.T("Kontak", "Contact"),
            "participants" => page.T("Kuota", "Quota"),
            _ => field,
        };
        string CsvLabel(string field) =>
            field.StartsWith("participants[", StringComparison.Ordinal) && field.IndexOf(']', StringComparison.Ordinal) is var end and > 13
            && int.TryParse(field[13..end], out var row)
                ? page.T($"Baris {row + 2}, kolom {field[(end + 2)..]}", $"Row {row + 2}, column {field[(end + 2)..]}")
                : field == CsvField || field == "document" ? page.T("Berkas CSV", "CSV file") : field;

        return Html.Of($"""
            <section class="panel" aria-labelledby="one-heading">
            <h2 id="one-heading">{page.T("Daftarkan satu peserta", "Enrol one participant")}</h2>
            {PageForm.Summary(page, one, Label)}
            {PageForm.Start(page, one, PageRoutes.ProgrammePath(id, "participants"))}
            {PageForm.Radios(page, one, "type", Label("type"), [("Inmate", page.T("Warga binaan", "Inmate")), ("Officer", page.T("Petugas", "Officer"))])}
            {PageForm.Select(page, one, "track", Label("track"), tracks)}
            {PageForm.Input(page, one, "fullName", Label("fullName"), hint: page.T("Seperti yang dicetak pada sertifikat, dengan huruf Latin.", "As printed on the certificate, in Latin letters."))}
            {PageForm.Input(page, one, "expectedReleaseMonth", Label("expectedReleaseMonth"), type: "month", hint: page.T("Hanya untuk warga binaan; format tttt-bb, misalnya 2025-03.", "Inmates only; written yyyy-mm, such as 2025-03."), optional: true)}
            {PageForm.Checkbox(page, one, "contactConsent", page.T("Peserta setuju dihubungi untuk pemantauan setelah bebas", "The participant agrees to be contacted for follow-up after release"))}
            {PageForm.Input(page, one, "contact", Label("contact"), hint: page.T("Nomor telepon atau alamat; hanya disimpan dengan persetujuan.", "Phone number or address; kept only with consent."), optional: true)}
            {PageForm.End(page.T("Daftarkan", "Enrol"))}
            </section>
            <section class="panel" aria-labelledby="csv-heading">
            <h2 id="csv-heading">{page.T("Daftarkan dengan berkas CSV", "Enrol from a CSV file")}</h2>
            <p>{page.T("Satu baris per peserta; semua baris didaftarkan, atau tidak satu pun bila ada yang salah.", "One row per participant; every row is enrolled, or none when one is wrong.")} <a href="{PageRoutes.ProgrammePath(id, "participants/template.csv")}" download>{page.T("Unduh templat CSV", "Download the CSV template")}</a></p>
            {PageForm.Summary(page, csv, CsvLabel)}
            {PageForm.Start(page, csv, PageRoutes.ProgrammePath(id, "participants/csv"), multipart: true)}
            {PageForm.File(page, csv, CsvField, page.T("Berkas CSV", "CSV file"), ".csv,text/csv", page.T("Kolom: type, track, fullName, expectedReleaseMonth, contactConsent, contact.", "Columns: type, track, fullName, expectedReleaseMonth, contactConsent, contact."))}
            {PageForm.End(page.T("Unggah dan daftarkan", "Upload and enrol"))}
            </section>
            """);
    }
}
