using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The programme plan (training dates, venue, tracks with quota and trainers), sent to
/// <see cref="ProgrammeRequests.PlanAsync"/>, and the closing of enrolment, sent to
/// <see cref="ProgrammeRequests.CloseEnrolmentAsync"/>, as the API sends them (coordinators and the facility).
/// </summary>
public sealed class PlanPages(PageCalls pages, RecordStore store, TimeProvider time, ILogger<ProgrammeSignals> signalLog)
{
    /// <summary>Rows for tracks the form shows: most programmes have one to three tracks; the domain takes ten.</summary>
    private const int TrackRows = 4;

    private static readonly string[] TrackFields = ["code", "name", "nameEnglish", "quota", "trainers"];

    /// <summary><c>GET /api/pages/programmes/{id}/plan</c>: the plan form, while the programme waits for it.</summary>
    [Function("PagePlan")]
    public Task<IResult> PlanAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Plan)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderPlanAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/plan</c>: plans the programme; it then takes enrolments.</summary>
    [Function("PagePlanSubmit")]
    public Task<IResult> SubmitPlanAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Plan)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => ProgrammeRequests.PlanAsync(id, page.Person.Caller, new FormBody(Plan(form).Data, null), store, time, new ProgrammeSignals(client, signalLog), cancellationToken),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id) + "?saved=plan"),
            (page, state) => RenderPlanAsync(page, id, state with { Problem = PageRows.Renumber(state.Problem, "tracks", Plan(state.Posted!).Rows) }, cancellationToken));

    /// <summary><c>GET /api/pages/programmes/{id}/enrolment/close</c>: what closing enrolment means, and the button.</summary>
    [Function("PageEnrolmentClose")]
    public Task<IResult> CloseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.EnrolmentClose)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderCloseAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/enrolment/close</c>: no more enrolments; the training week is scheduled.</summary>
    [Function("PageEnrolmentCloseSubmit")]
    public Task<IResult> SubmitCloseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.EnrolmentClose)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, _) => ProgrammeRequests.CloseEnrolmentAsync(id, page.Person.Caller, store, time, new ProgrammeSignals(client, signalLog), cancellationToken),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id) + "?saved=enrolment-closed"),
            (page, state) => RenderCloseAsync(page, id, state, cancellationToken));

    // The plan as the API's JSON; tracks are the rows with anything typed, Rows[j] the page's row of tracks[j].
    private static (JsonElement Data, IReadOnlyList<int> Rows) Plan(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "startDate", "endDate", "venue" })
        {
            if (form[name].ToString().Trim() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        var tracks = new JsonArray();
        var rows = new List<int>();
        for (var row = 0; row < 10 && form.ContainsKey($"tracks[{row}].code"); row++)
        {
            string Field(string name) => form[$"tracks[{row}].{name}"].ToString().Trim();
            var fields = TrackFields.ToDictionary(n => n, Field);
            if (fields.Values.All(v => v.Length == 0))
            {
                continue;
            }

            var track = new JsonObject();
            foreach (var name in TrackFields[..3])
            {
                if (fields[name].Length > 0)
                {
                    track[name] = fields[name];
                }
            }

            // A quota that is not a whole number goes as typed, so the domain's message names it.
            if (fields["quota"].Length > 0)
            {
                track["quota"] = int.TryParse(fields["quota"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quota) ? quota : fields["quota"];
            }

            var trainers = fields["trainers"].Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (trainers.Length > 0)
            {
                track["trainers"] = new JsonArray([.. trainers.Select(t => (JsonNode)t)]);
            }

            tracks.Add(track);
            rows.Add(row);
        }

        data["tracks"] = tracks;
        return (JsonSerializer.SerializeToElement(data), rows);
    }

    private async Task<IResult> RenderPlanAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var title = page.T("Rencana program", "Programme plan");
        if (programme.Stage != nameof(ProgrammeStage.AwaitingPlan) && state.Problem is null)
        {
            return PageLayout.Page(page, title, NotAtThisStage(page, programme, page.T("Rencana program", "The plan")), lead: crumbs);
        }

        string Label(string field)
        {
            if (PageRows.RowOf(field, "tracks") is var (row, part))
            {
                var track = page.T($"Kelas {row + 1}", $"Track {row + 1}");
                return part.Length == 0 ? track : $"{track}: {TrackLabel(page, part)}";
            }

            return field switch
            {
                "startDate" => page.T("Hari pertama pelatihan", "First training day"),
                "endDate" => page.T("Hari terakhir pelatihan", "Last training day"),
                "venue" => page.T("Tempat", "Venue"),
                "tracks" => page.T("Kelas", "Tracks"),
                _ => field,
            };
        }

        var tracks = Html.Join(Enumerable.Range(0, TrackRows), row => Html.Of($"""
            <fieldset class="panel track" id="{PageForm.IdOf($"tracks[{row}]")}">
            <legend>{page.T($"Kelas {row + 1}", $"Track {row + 1}")}{(row == 0 ? Markup.Empty : Html.Of($""" <span class="optional">({page.T("tidak wajib", "optional")})</span>"""))}</legend>
            {PageForm.Input(page, state, $"tracks[{row}].code", TrackLabel(page, "code"), hint: row == 0 ? page.T("Singkat, huruf kecil, misalnya batik; dipakai di berkas CSV pendaftaran.", "Short, lower case, such as batik; used in the enrolment CSV file.") : null)}
            {PageForm.Input(page, state, $"tracks[{row}].name", TrackLabel(page, "name"))}
            {PageForm.Input(page, state, $"tracks[{row}].nameEnglish", TrackLabel(page, "nameEnglish"))}
            {PageForm.Input(page, state, $"tracks[{row}].quota", TrackLabel(page, "quota"), hint: row == 0 ? page.T("1 sampai 99 peserta; semua kelas bersama paling banyak 99.", "1 to 99 participants; all tracks together at most 99.") : null)}
            {PageForm.Input(page, state, $"tracks[{row}].trainers", TrackLabel(page, "trainers"), hint: row == 0 ? page.T("Pisahkan nama dengan titik koma (;).", "Separate names with a semicolon (;).") : null, optional: true)}
            </fieldset>
            """));
        var form = Html.Of($"""
            <p>{page.T($"Pekan pelatihan paling lama 14 hari, pada tahun program ({programme.Year}). Setelah rencana dikirim, program menerima pendaftaran peserta.", $"A training week lasts at most 14 days, in the programme's year ({programme.Year}). Once the plan is sent, the programme takes enrolments.")}</p>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "plan"))}
            {PageForm.Input(page, state, "startDate", Label("startDate"), type: "date")}
            {PageForm.Input(page, state, "endDate", Label("endDate"), type: "date")}
            {PageForm.Input(page, state, "venue", Label("venue"), optional: true)}
            {Html.Join(state.Problem?.ErrorsFor(page, "tracks") ?? [], m => Html.Of($"""<p class="error" id="{PageForm.IdOf("tracks")}"><span class="visually-hidden">{page.T("Kesalahan", "Error")}: </span>{m}</p>"""))}
            {tracks}
            {PageForm.End(page.T("Kirim rencana program", "Send the plan"))}
            """);
        return PageLayout.Page(page, title, form, state.Status, crumbs);
    }

    private async Task<IResult> RenderCloseAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var title = page.T("Tutup pendaftaran", "Close enrolment");
        if (programme.Stage != nameof(ProgrammeStage.Enrolling) && state.Problem is null)
        {
            return PageLayout.Page(page, title, NotAtThisStage(page, programme, page.T("Penutupan pendaftaran", "Closing enrolment")), lead: crumbs);
        }

        var form = Html.Of($"""
            <p>{page.T($"{page.Number(programme.Participants)} peserta terdaftar. Setelah pendaftaran ditutup, tidak ada peserta yang dapat ditambahkan dan pekan pelatihan terjadwal ({page.Date(programme.StartDate)} – {page.Date(programme.EndDate)}).", $"{page.Number(programme.Participants)} participants are enrolled. Once enrolment is closed, no participant can be added and the training week is scheduled ({page.Date(programme.StartDate)} – {page.Date(programme.EndDate)}).")}</p>
            {PageForm.Summary(page, state, f => f == "participants" ? page.T("Peserta", "Participants") : f)}
            {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "enrolment/close"))}
            {PageForm.End(page.T("Tutup pendaftaran", "Close enrolment"))}
            <p><a href="{PageRoutes.ProgrammePath(id, "participants")}">{page.T("Lihat peserta", "See the participants")}</a></p>
            """);
        return PageLayout.Page(page, title, form, state.Status, crumbs);
    }

    /// <summary>A form's page at a stage that does not take it: what the programme waits for instead.</summary>
    internal static Markup NotAtThisStage(PageContext page, ProgrammeView programme, string form) =>
        Html.Of($"""<p class="notice">{page.T($"{form} tidak diterima pada tahap ini ({PageText.Stage(page, programme.Stage)}); program menunggu {PageText.Expects(page, programme.Stage)}.", $"{form} is not taken at this stage ({PageText.Stage(page, programme.Stage)}); the programme waits for {PageText.Expects(page, programme.Stage)}.")}</p><p><a href="{PageRoutes.ProgrammePath(programme.Id)}">{page.T("Kembali ke program", "Back to the programme")}</a></p>""");

    private static string TrackLabel(PageContext page, string part) => part switch
    {
        "code" => page.T("Kode kelas", "Track code"),
        "name" => page.T("Nama kelas", "Track name"),
        "nameEnglish" => page.T("Nama kelas dalam bahasa Inggris", "Track name in English"),
        "quota" => page.T("Kuota", "Quota"),
        "trainers" => page.T("Pelatih", "Trainers"),
        _ => part,
    };
}
