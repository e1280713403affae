using System.Globalization;
using System.Text.Json;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Daily attendance as a checklist: one page per training day, a box per enrolled participant, sent to
/// <see cref="AttendanceRequests.RecordAsync"/> as the API sends it (sending a day again corrects it).
/// </summary>
public sealed class AttendancePages(PageCalls pages, RecordStore store, TimeProvider time)
{
    /// <summary><c>GET /api/pages/programmes/{id}/attendance?date=yyyy-MM-dd</c>: the day's checklist, today's by default.</summary>
    [Function("PageAttendance")]
    public Task<IResult> AttendanceAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Attendance)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, request.Query["date"].ToString(), FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/attendance</c>: who was present on the day.</summary>
    [Function("PageAttendanceRecord")]
    public Task<IResult> RecordAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Attendance)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => AttendanceRequests.RecordAsync(id, page.Person.Caller, new FormBody(JsonSerializer.SerializeToElement(new { date = form["date"].ToString(), present = form["present"].Select(p => p ?? string.Empty).ToArray() }), null), store, time, cancellationToken),
            (_, form) => new SeeOther($"{PageRoutes.ProgrammePath(id, "attendance")}?date={Uri.EscapeDataString(form["date"].ToString())}&saved=1"),
            (page, state) => RenderAsync(page, id, state.Value("date") ?? string.Empty, state, cancellationToken));

    private async Task<IResult> RenderAsync(PageContext page, string id, string date, FormState state, CancellationToken cancellationToken)
    {
        var (programme, participants, refused) = await PageData.ProgrammeAndParticipantsAsync(page, id, store, time, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var (days, refusedDays) = PageData.Read<IReadOnlyList<AttendanceRequests.AttendanceView>>(
            page, await AttendanceRequests.ListAsync(id, page.Person.Caller, store, cancellationToken).ConfigureAwait(false));
        if (refusedDays is not null)
        {
            return refusedDays;
        }

        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        if (programme.StartDate is null || programme.EndDate is null)
        {
            return PageLayout.Page(page, page.T("Kehadiran", "Attendance"), Html.Of($"""<p>{page.T("Tanggal pelatihan belum direncanakan.", "The training dates are not planned yet.")}</p>"""), lead: crumbs);
        }

        var start = DateText.Parse(programme.StartDate);
        var end = DateText.Parse(programme.EndDate);
        var trainingDays = Enumerable.Range(0, end.DayNumber - start.DayNumber + 1).Select(start.AddDays).ToList();
        var day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
            ? asked
            : page.Today < start ? start : page.Today > end ? end : page.Today;
        var recorded = days!.ToDictionary(d => d.Date, StringComparer.Ordinal);
        var present = state.Posted is not null
            ? state.Values("present").ToHashSet(StringComparer.Ordinal)
            : recorded.TryGetValue(DateText.Of(day), out var saved) ? saved.Present.ToHashSet(StringComparer.Ordinal) : [];
        var enrolled = participants!.Where(p => p.Status == "Enrolled").ToList();

        var tabs = Html.Join(trainingDays, d =>
        {
            var current = d == day ? Html.Of($""" aria-current="page" """) : Markup.Empty;
            var mark = recorded.ContainsKey(DateText.Of(d)) ? Html.Of($""" <span class="done">✓<span class="visually-hidden"> {page.T("tercatat", "recorded")}</span></span>""") : Markup.Empty;
            return Html.Of($"""<li><a href="{PageRoutes.ProgrammePath(id, "attendance")}?date={DateText.Of(d)}"{current}>{page.Day(d)}</a>{mark}</li>""");
        });
        var index = 0;
        var boxes = Html.Join(enrolled, p =>
        {
            var boxId = $"present-{index++}";
            var ticked = present.Contains(p.Id) ? Html.Of($" checked") : Markup.Empty;
            return Html.Of($"""<li><input type="checkbox" id="{boxId}" name="present" value="{p.Id}"{ticked}><label for="{boxId}">{p.FullName ?? p.Id} <span class="meta">{PageText.ParticipantType(page, p.Type)} · {p.Track}</span></label></li>""");
        });
        string Label(string field) => field == "date" ? page.T("Tanggal", "Date") : field.StartsWith("present", StringComparison.Ordinal) ? page.T("Peserta hadir", "Present") : field;
        var status = recorded.TryGetValue(DateText.Of(day), out var dayRecord)
            ? page.T($"Tercatat: {page.Number(dayRecord.Present.Count)} hadir, {page.Number(dayRecord.Absent.Count)} tidak hadir.", $"Recorded: {page.Number(dayRecord.Present.Count)} present, {page.Number(dayRecord.Absent.Count)} absent.")
            : page.T("Belum tercatat.", "Not recorded yet.");
        // The checklist's messages are tied to its fieldset, so a screen reader reads them with the legend.
        var errors = state.Problem?.AllErrors(page).ToList() ?? [];
        var describedBy = errors.Count > 0
            ? Html.Of($""" aria-describedby="{string.Join(' ', errors.Select((_, i) => $"{PageForm.IdOf("date")}-error-{i}"))}" """)
            : Markup.Empty;
        var content = Html.Of($"""
            {PageLayout.Saved(page.Request.Query.ContainsKey("saved") ? page.T("Kehadiran tersimpan.", "Attendance saved.") : null)}
            <nav aria-label="{page.T("Hari pelatihan", "Training days")}"><ul class="days">{tabs}</ul></nav>
            <h2>{page.Day(day)}</h2>
            <p>{status}</p>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "attendance"))}
            {PageLayout.Hidden("date", DateText.Of(day))}
            <fieldset class="field checklist" id="{PageForm.IdOf("date")}"{describedBy}>
            <legend>{page.T("Centang peserta yang hadir", "Tick the participants present")}</legend>
            {Html.Join(errors.Select((e, i) => (e, i)), x => Html.Of($"""<p class="error" id="{PageForm.IdOf("date")}-error-{x.i}"><span class="visually-hidden">{page.T("Kesalahan", "Error")}: </span>{string.Join(" ", x.e.Messages)}</p>"""))}
            <p class="hint"><button type="button" class="link" data-check-all="present">{page.T("Centang semua", "Tick all")}</button></p>
            <ul class="checks">{boxes}</ul>
            </fieldset>
            {PageForm.End(page.T("Simpan kehadiran", "Save attendance"))}
            """);
        return PageLayout.Page(page, page.T("Kehadiran harian", "Daily attendance"), content, state.Status, crumbs);
    }
}
