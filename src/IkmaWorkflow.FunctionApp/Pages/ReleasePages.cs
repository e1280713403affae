using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Release reports: the programme's inmates with their release, and the form for one inmate's release date and route
/// (and who follows them up, when not the programme's probation office), sent to
/// <see cref="FollowUpRequests.ReleaseAsync"/> as the API sends it (coordinators, the facility, the probation office).
/// The follow-up checkpoints are then scheduled from the release date.
/// </summary>
public sealed class ReleasePages(PageCalls pages, RecordStore store, FollowUpOptions options, TimeProvider time, ILoggerFactory loggers)
{
    private static readonly OrganisationKind[] ResponsibleKinds = [OrganisationKind.ProbationOffice, OrganisationKind.Foundation, OrganisationKind.CorrectionsUnit];

    /// <summary><c>GET /api/pages/programmes/{id}/release[?participant=]</c>: the inmates and the release form.</summary>
    [Function("PageRelease")]
    public Task<IResult> ReleaseAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Release)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/release</c>: one inmate's release; schedules their checkpoints.</summary>
    [Function("PageReleaseReport")]
    public Task<IResult> ReportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Release)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => form["participantId"].ToString() is { Length: > 0 } participant
                ? FollowUpRequests.ReleaseAsync(id, participant, page.Person.Caller, new FormBody(Fields(form), null), store, options, time, loggers, cancellationToken)
                : Task.FromResult<Outcome>(FormProblems.Invalid("participantId", "Choose the inmate released.", "Pilih warga binaan yang dibebaskan.")),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id, "release") + "?saved=1"),
            (page, state) => RenderAsync(page, id, state, cancellationToken));

    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "releaseDate", "route", "responsibleId" })
        {
            if (form[name].ToString().Trim() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        return JsonSerializer.SerializeToElement(data);
    }

    private async Task<IResult> RenderAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, participants, refused) = await PageData.ProgrammeAndParticipantsAsync(page, id, store, time, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var title = page.T("Laporan pembebasan", "Release reports");
        if (programme.Stage is not (nameof(ProgrammeStage.AwaitingClosingReport) or nameof(ProgrammeStage.Certifying) or nameof(ProgrammeStage.FollowUp)) && state.Problem is null)
        {
            return PageLayout.Page(page, title, PlanPages.NotAtThisStage(page, programme, page.T("Laporan pembebasan", "A release report")), lead: crumbs);
        }

        var inmates = participants!.Where(p => p.Type == "Inmate" && p.Status == "Enrolled").ToList();
        var organisations = await MouPages.OrganisationsAsync(store, cancellationToken).ConfigureAwait(false);
        var responsible = organisations.Where(o => ResponsibleKinds.Any(k => k.ToString() == o.Kind)).Select(o => (o.Id, o.Name));
        var routes = new[]
        {
            (nameof(ReleaseRoute.EndOfSentence), page.T("Bebas murni (akhir masa pidana)", "End of sentence")),
            (nameof(ReleaseRoute.Parole), page.T("Pembebasan bersyarat", "Parole")),
            (nameof(ReleaseRoute.ConditionalLeave), page.T("Cuti bersyarat", "Conditional leave")),
            (nameof(ReleaseRoute.PreReleaseLeave), page.T("Cuti menjelang bebas", "Pre-release leave")),
            (nameof(ReleaseRoute.Assimilation), page.T("Asimilasi", "Assimilation")),
        };
        string Label(string field) => field switch
        {
            "participantId" => page.T("Warga binaan", "Inmate"),
            "releaseDate" => page.T("Tanggal bebas", "Release date"),
            "route" => page.T("Jalur pembebasan", "Release route"),
            "responsibleId" => page.T("Pemantau tindak lanjut", "Followed up by"),
            _ => field,
        };

        var months = string.Join(", ", options.CheckpointMonths);

        // A link from the participant list may name the inmate.
        var asked = page.Request.Query["participant"].ToString();
        var shown = state.Posted is null && inmates.Any(p => p.Id == asked) ? new FormState(new FormCollection(new() { ["participantId"] = asked }), null, state.Key) : state;
        var list = inmates.Count == 0
            ? Html.Of($"""<p>{page.T("Tidak ada warga binaan terdaftar di program ini.", "No inmate is enrolled in this programme.")}</p>""")
            : Html.Of($"""
                <div class="table"><table>
                <caption>{page.T("Warga binaan", "Inmates")}</caption>
                <thead><tr><th scope="col">{page.T("Peserta", "Participant")}</th><th scope="col">{page.T("Perkiraan bebas", "Expected release")}</th><th scope="col">{page.T("Tanggal bebas", "Release date")}</th></tr></thead>
                <tbody>{Html.Join(inmates, p => Html.Of($"""<tr><td>{p.FullName ?? p.Id}</td><td>{p.ExpectedReleaseMonth ?? "–"}</td><td>{(p.ReleaseDate is null ? page.T("belum dilaporkan", "not reported yet") : page.Date(p.ReleaseDate))}</td></tr>"""))}</tbody>
                </table></div>
                """);
        var form = inmates.Count == 0
            ? Markup.Empty
            : Html.Of($"""
                <section class="panel" aria-labelledby="release-heading">
                <h2 id="release-heading">{page.T("Laporkan pembebasan", "Report a release")}</h2>
                <p>{page.T($"Tanggal yang sudah terjadi, atau rencana bila di masa depan. Pemantauan {months} bulan setelah bebas dijadwalkan dari tanggal itu; melaporkan lagi mengubah jadwal yang belum berjalan.", $"A date that has passed, or the plan when in the future. The follow-up {months} months after release is scheduled from it; reporting again moves the checkpoints not started yet.")}</p>
                {PageForm.Summary(page, state, Label)}
                {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "release"))}
                {PageForm.Select(page, shown, "participantId", Label("participantId"), inmates.Select(p => (p.Id, p.FullName ?? p.Id)))}
                {PageForm.Input(page, state, "releaseDate", Label("releaseDate"), type: "date")}
                {PageForm.Select(page, state, "route", Label("route"), routes)}
                {PageForm.Select(page, state, "responsibleId", Label("responsibleId") + " " + page.T("(tidak wajib)", "(optional)"), responsible, page.T("Kosongkan bila Bapas program yang memantau.", "Leave empty when the programme's probation office follows up."))}
                {PageForm.End(page.T("Kirim laporan pembebasan", "Send the release report"))}
                </section>
                """);
        var content = Html.Of($"""
            {PageLayout.Saved(page.Request.Query.ContainsKey("saved") ? page.T("Laporan pembebasan tersimpan; pemantauan dijadwalkan.", "The release report is stored; the follow-up is scheduled.") : null)}
            {form}
            {list}
            """);
        return PageLayout.Page(page, title, content, state.Status, crumbs);
    }
}
