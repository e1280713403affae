using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The home page (the programmes the person's organisation takes part in) and a programme's page. A coordinator's home
/// page lists every programme overdue first, and a coordinator's programme page adds the sections of
/// <see cref="CoordinatorProgrammes"/>.
/// </summary>
public sealed class ProgrammePages(PageCalls pages, RecordStore store, TimeProvider time, ProgrammeWorkflowOptions workflow)
{
    /// <summary><c>GET /api/pages</c>: the programmes the organisation takes part in, with their stage and what each waits for.</summary>
    [Function("PageHome")]
    public Task<IResult> HomeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Home)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            var outcome = await ProgrammeRequests.ListAsync(page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
            if (outcome is Problem problem)
            {
                return PageLayout.Refusal(page, PageProblem.Of(problem));
            }

            var programmes = (IReadOnlyList<ProgrammeSummary>)((Outcome.Done)outcome).Value;
            var names = await OrganisationNamesAsync(cancellationToken).ConfigureAwait(false);
            if (page.Person.Caller.IsCoordinator)
            {
                // Coordinators: every programme, overdue first, and their menu.
                var rows = await Coordinators.ProgrammeRowsAsync(store, cancellationToken).ConfigureAwait(false);
                var coordinator = Html.Of($"""
                    <p>{page.T($"Anda masuk sebagai {page.Person.PersonName}, untuk {page.Person.OrganisationName}.", $"You are signed in as {page.Person.PersonName}, for {page.Person.OrganisationName}.")}</p>
                    {Coordinators.Menu(page)}
                    <h2>{page.T("Program", "Programmes")}</h2>
                    {PartnerLinks.Opening(page)}
                    {CoordinatorProgrammes.List(page, programmes, rows, names, workflow, time.GetUtcNow())}
                    {PartnerLinks.Registers(page)}
                    """);
                return PageLayout.Page(page, page.T("Beranda", "Home"), coordinator);
            }

            var list = programmes.Count == 0
                ? Html.Of($"""<p>{page.T("Organisasi Anda belum ikut dalam program apa pun.", "Your organisation takes part in no programme yet.")}</p>""")
                : Html.Of($"""<ul class="cards">{Html.Join(programmes, p => Card(page, p, names))}</ul>""");
            var content = Html.Of($"""
                <p>{page.T($"Anda masuk sebagai {page.Person.PersonName}, untuk {page.Person.OrganisationName}.", $"You are signed in as {page.Person.PersonName}, for {page.Person.OrganisationName}.")}</p>
                <h2>{page.T("Program", "Programmes")}</h2>
                {list}
                """);
            return PageLayout.Page(page, page.T("Beranda", "Home"), content);
        });

    /// <summary><c>GET /api/pages/programmes/{id}</c>: the programme, its tracks and the forms it takes.</summary>
    [Function("PageProgramme")]
    public Task<IResult> ProgrammeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Programme)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            var outcome = await ProgrammeRequests.GetAsync(id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
            if (outcome is Problem problem)
            {
                return PageLayout.Refusal(page, PageProblem.Of(problem));
            }

            var programme = (ProgrammeView)((Outcome.Done)outcome).Value;
            var names = await OrganisationNamesAsync(cancellationToken).ConfigureAwait(false);
            var tracks = programme.Tracks.Count == 0
                ? Html.Of($"""<p>{page.T("Kelas belum direncanakan.", "No tracks are planned yet.")}</p>""")
                : Html.Of($"""
                    <div class="table"><table>
                    <caption>{page.T("Kelas", "Tracks")}</caption>
                    <thead><tr><th scope="col">{page.T("Kode", "Code")}</th><th scope="col">{page.T("Kelas", "Track")}</th><th scope="col" class="num">{page.T("Kuota", "Quota")}</th><th scope="col" class="num">{page.T("Terdaftar", "Enrolled")}</th><th scope="col">{page.T("Pelatih", "Trainers")}</th></tr></thead>
                    <tbody>{Html.Join(programme.Tracks, t => Html.Of($"""<tr><td>{t.Code}</td><td>{page.T(t.Name, t.NameEnglish)}</td><td class="num">{page.Number(t.Quota)}</td><td class="num">{page.Number(t.Enrolled)}</td><td>{t.Trainers}</td></tr>"""))}</tbody>
                    </table></div>
                    """);
            var saved = page.Request.Query["saved"].ToString() switch
            {
                "closing" => page.T("Laporan penutupan tersimpan; sertifikat sedang diterbitkan.", "The closing report is stored; the certificates are being issued."),
                "revoked" => page.T("Sertifikat dicabut.", "The certificate is revoked."),
                "reissued" => page.T("Sertifikat diterbitkan ulang; yang lama dicabut.", "The certificate is reissued; the old one is revoked."),
                _ => PartnerLinks.Saved(page),
            };

            // Coordinators get their own sections, certificates with revoke and reissue among them; partners the list.
            var roleSections = page.Person.Caller.IsCoordinator
                ? await CoordinatorProgrammes.SectionsAsync(page, programme, store, client, workflow, time, cancellationToken).ConfigureAwait(false)
                : await PartnerLinks.CertificatesAsync(page, id, store, time, cancellationToken).ConfigureAwait(false);
            var content = Html.Of($"""
                {PageLayout.Saved(saved)}
                {Facts(page, programme, names)}
                <h2>{page.T("Formulir", "Forms")}</h2>
                <ul class="actions-list">
                <li><a href="{PageRoutes.ProgrammePath(id, "participants")}">{page.T("Peserta dan pendaftaran", "Participants and enrolment")}</a></li>
                <li><a href="{PageRoutes.ProgrammePath(id, "attendance")}">{page.T("Kehadiran harian", "Daily attendance")}</a></li>
                <li><a href="{PageRoutes.ProgrammePath(id, "documents")}">{page.T("Dokumentasi (foto, laporan)", "Documentation (photos, reports)")}</a></li>
                <li><a href="{PageRoutes.ProgrammePath(id, "closing-report")}">{page.T("Laporan penutupan", "Closing report")}</a></li>
                {PartnerLinks.Forms(page, programme)}
                </ul>
                <h2>{page.T("Kelas", "Tracks")}</h2>
                {tracks}
                {roleSections}
                """);
            return PageLayout.Page(page, programme.Title, content, lead: Crumbs(page));
        });

    /// <summary>The programme's facts: facility, year, dates, venue, stage and what it waits for.</summary>
    internal static Markup Facts(PageContext page, ProgrammeView programme, IReadOnlyDictionary<string, string> names) => Html.Of($"""
        <dl class="facts">
        <dt>{page.T("Lembaga", "Facility")}</dt><dd>{names.GetValueOrDefault(programme.FacilityId, programme.FacilityId)}</dd>
        <dt>{page.T("Tahun", "Year")}</dt><dd>{programme.Year}</dd>
        <dt>{page.T("Tanggal pelatihan", "Training dates")}</dt><dd>{Dates(page, programme.StartDate, programme.EndDate)}</dd>
        <dt>{page.T("Tempat", "Venue")}</dt><dd>{programme.Venue ?? "–"}</dd>
        <dt>{page.T("Tahap", "Stage")}</dt><dd><span class="stage">{PageText.Stage(page, programme.Stage)}</span></dd>
        <dt>{page.T("Menunggu", "Waiting for")}</dt><dd>{PageText.Expects(page, programme.Stage)}</dd>
        <dt>{page.T("Peserta terdaftar", "Participants enrolled")}</dt><dd>{page.Number(programme.Participants)}</dd>
        </dl>
        """);

    /// <summary>The way back to the home page.</summary>
    internal static Markup Crumbs(PageContext page, string? programmeId = null, string? programmeTitle = null)
    {
        var programme = programmeId is null ? Markup.Empty : Html.Of($""" › <a href="{PageRoutes.ProgrammePath(programmeId)}">{programmeTitle ?? programmeId}</a>""");
        return Html.Of($"""<nav class="crumbs" aria-label="{page.T("Jejak", "Breadcrumb")}"><a href="{PageRoutes.HomePath}">{page.T("Beranda", "Home")}</a>{programme}</nav>""");
    }

    private static string Dates(PageContext page, string? start, string? end) =>
        start is null || end is null ? page.T("belum direncanakan", "not planned yet") : $"{page.Date(start)} – {page.Date(end)}";

    private static Markup Card(PageContext page, ProgrammeSummary programme, IReadOnlyDictionary<string, string> names) => Html.Of($"""
        <li class="card">
        <h3><a href="{PageRoutes.ProgrammePath(programme.Id)}">{programme.Title}</a></h3>
        <p class="meta">{names.GetValueOrDefault(programme.FacilityId, programme.FacilityId)} · {programme.Year} · {Dates(page, programme.StartDate, programme.EndDate)}</p>
        <p><span class="stage">{PageText.Stage(page, programme.Stage)}</span> {page.T("Menunggu:", "Waiting for:")} {PageText.Expects(page, programme.Stage)}</p>
        </li>
        """);

    private async Task<Dictionary<string, string>> OrganisationNamesAsync(CancellationToken cancellationToken)
    {
        var outcome = await OrganisationRequests.ListAsync(store, cancellationToken).ConfigureAwait(false);
        return outcome is Outcome.Done { Value: IEnumerable<OrganisationRequests.OrganisationView> organisations }
            ? organisations.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal)
            : [];
    }
}
