using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The closing report (closing date, summary, recommendation), sent to <see cref="ResultRequests.SubmitClosingReportAsync"/>
/// as the API sends it; the programme then moves on to its certificates.
/// </summary>
public sealed class ClosingReportPages(PageCalls pages, RecordStore store, TimeProvider time, ILogger<ProgrammeSignals> signalLog)
{
    /// <summary><c>GET /api/pages/programmes/{id}/closing-report</c>: the form, while the programme waits for it.</summary>
    [Function("PageClosingReport")]
    public Task<IResult> ClosingReportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.ClosingReport)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/closing-report</c>: closes the training.</summary>
    [Function("PageClosingReportSubmit")]
    public Task<IResult> SubmitAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.ClosingReport)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => ResultRequests.SubmitClosingReportAsync(id, page.Person.Caller, new FormBody(Fields(form), null), store, time, new ProgrammeSignals(client, signalLog), cancellationToken),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id) + "?saved=closing"),
            (page, state) => RenderAsync(page, id, state, cancellationToken));

    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "closedOn", "summary", "recommendation" })
        {
            if (form[name].ToString() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        return JsonSerializer.SerializeToElement(data);
    }

    private async Task<IResult> RenderAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        string Label(string field) => field switch
        {
            "closedOn" => page.T("Tanggal penutupan", "Closing date"),
            "summary" => page.T("Ringkasan kegiatan", "Summary"),
            "recommendation" => page.T("Rekomendasi", "Recommendation"),
            "assessments" => page.T("Penilaian", "Assessments"),
            "attendance" => page.T("Kehadiran", "Attendance"),
            _ => field,
        };
        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var lastDay = programme.EndDate is not null && DateText.Parse(programme.EndDate) == page.Today && programme.Stage == nameof(ProgrammeStage.InTraining);
        if (programme.Stage != nameof(ProgrammeStage.AwaitingClosingReport) && !lastDay && state.Problem is null)
        {
            var content = Html.Of($"""<p class="notice">{page.T($"Laporan penutupan tidak diterima pada tahap ini ({PageText.Stage(page, programme.Stage)}); program menunggu {PageText.Expects(page, programme.Stage)}.", $"The closing report is not taken at this stage ({PageText.Stage(page, programme.Stage)}); the programme waits for {PageText.Expects(page, programme.Stage)}.")}</p>""");
            return PageLayout.Page(page, page.T("Laporan penutupan", "Closing report"), content, lead: crumbs);
        }

        var form = Html.Of($"""
            <p>{page.T("Setelah laporan ini dikirim, pelatihan ditutup dan sertifikat diterbitkan bagi peserta yang memenuhi syarat.", "Once this report is sent, the training is closed and certificates are issued to the participants who qualify.")}</p>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "closing-report"))}
            {PageForm.Input(page, state, "closedOn", Label("closedOn"), type: "date", hint: page.T($"Dari hari pelatihan terakhir ({page.Date(programme.EndDate)}) sampai hari ini.", $"From the last training day ({page.Date(programme.EndDate)}) to today."), value: DateText.Of(page.Today))}
            {PageForm.TextArea(page, state, "summary", Label("summary"))}
            {PageForm.TextArea(page, state, "recommendation", Label("recommendation"), page.T("Misalnya untuk kelanjutan program.", "Such as on continuing the programme."), optional: true)}
            {PageForm.End(page.T("Kirim laporan penutupan", "Send the closing report"))}
            """);
        return PageLayout.Page(page, page.T("Laporan penutupan", "Closing report"), form, state.Status, crumbs);
    }
}
