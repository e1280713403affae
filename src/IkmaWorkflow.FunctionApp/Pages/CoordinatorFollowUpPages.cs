using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Reports;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The coordinators' follow-up pages: the checkpoints due (or due within 30 days) across every programme, read with
/// <see cref="FollowUpRequests.ListAsync"/> per programme as the API does; and the outcomes by cohort and follow-up
/// period from <see cref="ReportRequests.OutcomesAsync"/>, as a chart, a table and the report API's CSV.
/// </summary>
public sealed class CoordinatorFollowUpPages(PageCalls pages, RecordStore store, TimeProvider time)
{
    /// <summary>How far ahead the due list looks.</summary>
    public const int DaysAhead = 30;

    /// <summary><c>GET /api/pages/follow-ups</c> (coordinators): open checkpoints due by 30 days from today, earliest first.</summary>
    [Function("PageFollowUpsDue")]
    public Task<IResult> DueAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.FollowUpsDue)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            if (Coordinators.Refusal(page, "see the follow-ups of every programme (coordinators do)", "melihat tindak lanjut semua program (dilakukan koordinator)") is { } refused)
            {
                return refused;
            }

            var caller = page.Person.Caller;
            var (programmes, refusal) = PageData.Read<IReadOnlyList<ProgrammeSummary>>(page, await ProgrammeRequests.ListAsync(caller, store, time, cancellationToken).ConfigureAwait(false));
            if (refusal is not null)
            {
                return refusal;
            }

            var until = DateText.Of(page.Today.AddDays(DaysAhead));
            var due = new List<(ProgrammeSummary Programme, FollowUpRequests.FollowUpView Checkpoint, string Name)>();
            foreach (var programme in programmes!)
            {
                if (await FollowUpRequests.ListAsync(programme.Id, caller, store, cancellationToken).ConfigureAwait(false) is not Outcome.Done { Value: IReadOnlyList<FollowUpRequests.FollowUpView> checkpoints })
                {
                    continue;
                }

                var open = checkpoints.Where(c => c.Status is CheckpointStatus.Scheduled or CheckpointStatus.Requested && string.CompareOrdinal(c.DueDate, until) <= 0).ToList();
                if (open.Count == 0)
                {
                    continue;
                }

                var names = await EnrolmentRequests.ListAsync(programme.Id, caller, store, time, cancellationToken).ConfigureAwait(false) is Outcome.Done { Value: IReadOnlyList<EnrolmentRequests.ParticipantView> participants }
                    ? participants.ToDictionary(p => p.Id, p => p.FullName ?? p.Id, StringComparer.Ordinal)
                    : [];
                due.AddRange(open.Select(c => (programme, c, names.GetValueOrDefault(c.ParticipantId, c.ParticipantId))));
            }

            var organisations = await NamesAsync(cancellationToken).ConfigureAwait(false);
            var today = DateText.Of(page.Today);
            var rows = Html.Join(due.OrderBy(d => d.Checkpoint.DueDate, StringComparer.Ordinal), d => Html.Of($"""
                <tr{(string.CompareOrdinal(d.Checkpoint.DueDate, today) < 0 ? Html.Of($""" class="overdue" """) : Markup.Empty)}>
                <td>{page.Date(d.Checkpoint.DueDate)}</td>
                <td>{d.Name}</td>
                <td class="num">{page.Number(d.Checkpoint.Months)}</td>
                <td><a href="{PageRoutes.ProgrammePath(d.Programme.Id)}">{d.Programme.Title}</a></td>
                <td>{(d.Checkpoint.ResponsibleId is { } responsible ? organisations.GetValueOrDefault(responsible, responsible) : "–")}</td>
                <td>{CoordinatorText.CheckpointStatus(page, d.Checkpoint.Status, d.Checkpoint.DueDate, page.Today)}</td>
                <td><a href="{PageRoutes.ProgrammePath(d.Programme.Id, $"participants/{Uri.EscapeDataString(d.Checkpoint.ParticipantId)}/follow-ups/{d.Checkpoint.Months}")}">{page.T("Buka", "Open")}<span class="visually-hidden"> {d.Name} {d.Checkpoint.Months}</span></a></td>
                </tr>
                """));
            var content = due.Count == 0
                ? Html.Of($"""<p>{page.T($"Tidak ada tindak lanjut yang jatuh tempo sampai {page.Date(page.Today.AddDays(DaysAhead))}.", $"No follow-up is due by {page.Date(page.Today.AddDays(DaysAhead))}.")}</p>""")
                : Html.Of($"""
                    <div class="table"><table class="due">
                    <caption>{page.T($"{page.Number(due.Count)} tindak lanjut terbuka yang jatuh tempo sampai {page.Date(page.Today.AddDays(DaysAhead))}", $"{page.Number(due.Count)} open follow-ups due by {page.Date(page.Today.AddDays(DaysAhead))}")}</caption>
                    <thead><tr><th scope="col">{page.T("Jatuh tempo", "Due")}</th><th scope="col">{page.T("Peserta", "Participant")}</th><th scope="col" class="num">{page.T("Bulan", "Months")}</th><th scope="col">{page.T("Program", "Programme")}</th><th scope="col">{page.T("Penanggung jawab", "Responsible")}</th><th scope="col">{page.T("Status", "Status")}</th><th scope="col">{page.T("Formulir", "Form")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                    </table></div>
                    """);
            return PageLayout.Page(page, page.T("Tindak lanjut jatuh tempo", "Follow-ups due"), Html.Of($"{Coordinators.Menu(page)}{content}"), lead: ProgrammePages.Crumbs(page));
        });

    /// <summary>
    /// <c>GET /api/pages/outcomes?year=&amp;facilityId=&amp;byFacility=</c> (coordinators): outcomes by cohort and
    /// follow-up period, as a chart and a table; the filters are the report API's (one facility, or a row per facility).
    /// </summary>
    [Function("PageOutcomes")]
    public Task<IResult> OutcomesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Outcomes)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            var year = request.Query["year"].ToString();
            var facilityId = request.Query["facilityId"].ToString();
            var byFacility = request.Query["byFacility"].ToString();
            var outcome = await ReportRequests.OutcomesAsync(page.Person.Caller, "json", year, facilityId, byFacility, store, time, cancellationToken).ConfigureAwait(false);
            var title = page.T("Hasil pemantauan setelah bebas", "Follow-up outcomes");
            var facilities = await FacilitiesAsync(cancellationToken).ConfigureAwait(false);
            var names = facilities.ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
            var filter = Html.Of($"""
                <form method="get" action="{PageRoutes.CoordinatorPath("outcomes")}" class="form filter">
                <div class="field"><label for="f-year">{page.T("Tahun angkatan", "Cohort year")}</label>
                <p class="hint" id="f-year-hint">{page.T("Kosongkan untuk semua tahun.", "Leave empty for every year.")}</p>
                <input id="f-year" name="year" type="text" inputmode="numeric" value="{year}" aria-describedby="f-year-hint"></div>
                <div class="field"><label for="f-facility">{page.T("Lembaga", "Facility")}</label>
                <select id="f-facility" name="facilityId"><option value="">{page.T("Semua lembaga", "Every facility")}</option>{Html.Join(facilities, f => Html.Of($"""<option value="{f.Id}"{(f.Id == facilityId ? Html.Of($" selected") : Markup.Empty)}>{f.Name}</option>"""))}</select></div>
                <div class="field check"><input id="f-by-facility" name="byFacility" type="checkbox" value="true"{(byFacility == "true" ? Html.Of($" checked") : Markup.Empty)}> <label for="f-by-facility">{page.T("Satu baris per lembaga", "One row per facility")}</label></div>
                <div class="actions"><button type="submit" class="primary">{page.T("Tampilkan", "Show")}</button></div>
                </form>
                """);
            if (outcome is Problem problem)
            {
                var shown = PageProblem.Of(problem);
                return shown.Status == StatusCodes.Status400BadRequest
                    ? PageLayout.Page(page, title, Html.Of($"""{Coordinators.Menu(page)}<div class="notice problem" role="alert"><p>{shown.DetailIn(page)}</p>{Html.Join(shown.AllErrors(page), e => Html.Of($"<p>{string.Join(" ", e.Messages)}</p>"))}</div>{filter}"""), shown.Status, ProgrammePages.Crumbs(page))
                    : PageLayout.Refusal(page, shown);
            }

            var report = (OutcomeReport)((Outcome.Done)outcome).Value;
            // The CSV follows the filters shown.
            var query = string.Join("&", new[] { ("year", year), ("facilityId", facilityId), ("byFacility", byFacility) }.Where(q => q.Item2.Length > 0).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2)}"));
            var csv = PageRoutes.CoordinatorPath("outcomes/outcomes.csv") + (query.Length > 0 ? "?" + query : string.Empty);
            var facilityName = report.FacilityId is { } only ? names.GetValueOrDefault(only, only) : null;
            var facilityHead = report.ByFacility ? Html.Of($"""<th scope="col">{page.T("Lembaga", "Facility")}</th>""") : Markup.Empty;
            var content = report.Rows.Count == 0
                ? Html.Of($"""<p>{page.T("Belum ada titik pemantauan.", "No checkpoint yet.")}</p>""")
                : Html.Of($"""
                    <p class="legend-text">{page.T("Tiap batang: bagian peserta yang berhasil dihubungi dan bekerja atau berusaha sendiri, dari titik pemantauan yang sudah jatuh tempo.", "Each bar: the share of participants reached and employed or self-employed, of the checkpoints already due.")}</p>
                    {Charts.Bars(page, page.T($"Bekerja atau berusaha sendiri, per angkatan dan periode (%){(facilityName is null ? string.Empty : ", " + facilityName)}", $"Employed or self-employed, by cohort and period (%){(facilityName is null ? string.Empty : ", " + facilityName)}"), [.. report.Rows.Select(r => Bar(page, r, names))], 100)}
                    <div class="table"><table class="outcomes">
                    <caption>{page.T($"Per angkatan{(report.ByFacility ? ", lembaga" : string.Empty)} dan periode{(facilityName is null ? string.Empty : ", " + facilityName)}, per {page.Date(report.AsOf)}", $"By cohort{(report.ByFacility ? ", facility" : string.Empty)} and period{(facilityName is null ? string.Empty : ", " + facilityName)}, as of {page.Date(report.AsOf)}")}</caption>
                    <thead><tr><th scope="col">{page.T("Angkatan", "Cohort")}</th>{facilityHead}<th scope="col" class="num">{page.T("Bulan", "Months")}</th><th scope="col" class="num">{page.T("Titik", "Checkpoints")}</th><th scope="col" class="num">{page.T("Jatuh tempo", "Due")}</th><th scope="col" class="num">{page.T("Dilaporkan", "Reported")}</th><th scope="col" class="num">{page.T("Terhubung", "Reached")}</th><th scope="col" class="num">{page.T("Bekerja", "Employed")}</th><th scope="col" class="num">{page.T("Usaha sendiri", "Self-employed")}</th><th scope="col" class="num">{page.T("Memulai usaha", "Business started")}</th><th scope="col" class="num">{page.T("Mengulangi", "Reoffended")}</th></tr></thead>
                    <tbody>{Html.Join(report.Rows, r => Html.Of($"""<tr><th scope="row">{r.Year}</th>{(report.ByFacility ? Html.Of($"<td>{(r.FacilityId is { } f ? names.GetValueOrDefault(f, f) : "–")}</td>") : Markup.Empty)}<td class="num">{page.Number(r.Months)}</td><td class="num">{page.Number(r.Checkpoints)}</td><td class="num">{page.Number(r.Due)}</td><td class="num">{page.Number(r.Reported)}</td><td class="num">{page.Number(r.Reached)}</td><td class="num">{page.Number(r.Employed)}</td><td class="num">{page.Number(r.SelfEmployed)}</td><td class="num">{page.Number(r.BusinessStarted)}</td><td class="num">{page.Number(r.Reoffended)}</td></tr>"""))}</tbody>
                    </table></div>
                    """);
            return PageLayout.Page(page, title, Html.Of($"""
                {Coordinators.Menu(page)}
                {filter}
                {content}
                <p><a href="{csv}" download>{page.T("Unduh CSV", "Download CSV")}</a></p>
                """), lead: ProgrammePages.Crumbs(page));
        });

    /// <summary><c>GET /api/pages/outcomes/outcomes.csv?year=&amp;facilityId=&amp;byFacility=</c> (coordinators): the report API's CSV.</summary>
    [Function("PageOutcomesCsv")]
    public Task<IResult> OutcomesCsvAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.OutcomesCsv)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            var outcome = await ReportRequests.OutcomesAsync(page.Person.Caller, "csv", request.Query["year"].ToString(), request.Query["facilityId"].ToString(), request.Query["byFacility"].ToString(), store, time, cancellationToken).ConfigureAwait(false);
            if (outcome is Problem problem)
            {
                return PageLayout.Refusal(page, PageProblem.Of(problem));
            }

            var file = (Outcome.File)outcome;
            return TypedResults.File(file.Content, file.ContentType, file.FileName);
        });

    // Reached and employed (any kind) or self-employed, of the checkpoints due.
    private static Charts.Bar Bar(PageContext page, OutcomeRow row, IReadOnlyDictionary<string, string> names)
    {
        var share = row.Due == 0 ? 0 : 100.0 * (row.Employed + row.SelfEmployed) / row.Due;
        var facility = row.FacilityId is { } id ? ", " + names.GetValueOrDefault(id, id) : string.Empty;
        var label = page.T($"Angkatan {row.Year}{facility}, {row.Months} bulan", $"Cohort {row.Year}{facility}, {row.Months} months");
        return new Charts.Bar(label, share, page.Number(share, 0) + " %", $"{row.Year}·{row.Months}{page.T("bl", "mo")}");
    }

    // The facilities to choose from, by name.
    private async Task<List<OrganisationRequests.OrganisationView>> FacilitiesAsync(CancellationToken cancellationToken) =>
        await OrganisationRequests.ListAsync(store, cancellationToken).ConfigureAwait(false) is Outcome.Done { Value: IEnumerable<OrganisationRequests.OrganisationView> organisations }
            ? [.. organisations.Where(o => o.Kind == nameof(OrganisationKind.Facility)).OrderBy(o => o.Name, StringComparer.CurrentCulture)]
            : [];

    private async Task<Dictionary<string, string>> NamesAsync(CancellationToken cancellationToken) =>
        await OrganisationRequests.ListAsync(store, cancellationToken).ConfigureAwait(false) is Outcome.Done { Value: IEnumerable<OrganisationRequests.OrganisationView> organisations }
            ? organisations.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal)
            : [];
}
