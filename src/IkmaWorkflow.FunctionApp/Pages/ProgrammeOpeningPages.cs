using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Primitives;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The coordinators' form that opens a programme at a facility, sent to <see cref="ProgrammeRequests.OpenAsync"/> as
/// <c>POST /api/programmes</c> sends it (the same fields; the domain checks the caller, every field and every
/// organisation named). Opened, the browser goes to the new programme's page, which waits for its activity letter.
/// </summary>
public sealed class ProgrammeOpeningPages(PageCalls pages, RecordStore store, TimeProvider time, ILogger<ProgrammeSignals> signalLog)
{
    private static readonly string[] TextFields = ["title", "facilityId", "coordinatorUnitId", "probationOfficeId", "mouId"];

    /// <summary><c>GET /api/pages/programmes/new</c>: the opening form (coordinators; anyone else gets the 403 page).</summary>
    [Function("PageProgrammeOpening")]
    public Task<IResult> OpeningAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.ProgrammeOpening)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, Fresh(page), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/new</c>: opens the programme; the browser then goes to its page.</summary>
    [Function("PageProgrammeOpen")]
    public Task<IResult> OpenAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.ProgrammeOpening)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => ProgrammeRequests.OpenAsync(page.Person.Caller, new FormBody(Fields(form), null), store, time, new ProgrammeSignals(client, signalLog), cancellationToken),
            (_, _, location) => new SeeOther(location is { Length: > 0 } ? PageRoutes.ProgrammePath(location[(location.LastIndexOf('/') + 1)..]) + "?saved=opened" : PageRoutes.HomePath),
            (page, state) => RenderAsync(page, state, cancellationToken));

    // The posted fields as the API's JSON: texts as typed, a field left empty left out; year and threshold as numbers
    // when they read as numbers (a comma as decimal separator too), else as typed, so the domain's message names them.
    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in TextFields)
        {
            if (form[name].ToString().Trim() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        data["partnerIds"] = new JsonArray([.. form["partnerIds"].Where(p => !string.IsNullOrEmpty(p)).Select(p => (JsonNode)p!)]);
        if (form["year"].ToString().Trim() is { Length: > 0 } year)
        {
            data["year"] = int.TryParse(year, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : year;
        }

        if (form["attendanceThreshold"].ToString().Trim() is { Length: > 0 } threshold)
        {
            data["attendanceThreshold"] = decimal.TryParse(threshold.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) ? share : threshold;
        }

        if (form["requirePassedAssessment"].ToString() is "true" or "false")
        {
            data["requirePassedAssessment"] = form["requirePassedAssessment"].ToString() == "true";
        }

        return JsonSerializer.SerializeToElement(data);
    }

    // A fresh form: this year (WIB), the coordinator's own unit, certificates needing a passed assessment (the
    // domain's defaults, shown).
    private FormState Fresh(PageContext page) => new(
        new FormCollection(new Dictionary<string, StringValues>
        {
            ["year"] = DateText.TodayInWib(time).Year.ToString(CultureInfo.InvariantCulture),
            ["coordinatorUnitId"] = page.Person.Caller.OrganisationId,
            ["requirePassedAssessment"] = "true",
        }),
        null,
        FormState.Fresh().Key);

    private async Task<IResult> RenderAsync(PageContext page, FormState state, CancellationToken cancellationToken)
    {
        if (Coordinators.Refusal(page, "open programmes (coordinators do)", "membuka program (dilakukan koordinator)") is { } refused)
        {
            return refused;
        }

        var organisations = await MouPages.OrganisationsAsync(store, cancellationToken).ConfigureAwait(false);
        IEnumerable<(string, string)> Of(params OrganisationKind[] kinds) =>
            organisations.Where(o => kinds.Any(k => o.Kind == k.ToString())).Select(o => (o.Id, o.Name));
        var mous = await MouRequests.ListAsync(store, cancellationToken).ConfigureAwait(false) is Outcome.Done { Value: IReadOnlyList<MouRequests.MouView> list } ? list : [];
        string Label(string field) => field switch
        {
            "title" => page.T("Judul program", "Programme title"),
            "facilityId" => page.T("Lembaga pemasyarakatan", "Correctional facility"),
            "coordinatorUnitId" => page.T("Unit koordinator", "Coordinating unit"),
            "partnerIds" => page.T("Mitra", "Partners"),
            "probationOfficeId" => page.T("Bapas", "Probation office"),
            "mouId" => page.T("MoU", "MoU"),
            "year" => page.T("Tahun", "Year"),
            "attendanceThreshold" => page.T("Ambang kehadiran", "Attendance threshold"),
            "requirePassedAssessment" => page.T("Sertifikat memerlukan penilaian lulus", "Certificates need a passed assessment"),
            _ => field,
        };
        var optional = " " + page.T("(tidak wajib)", "(optional)");
        var content = Html.Of($"""
            <p>{page.T("Program dibuka di satu lembaga pemasyarakatan untuk satu tahun; setelah dibuka, program menunggu surat pelaksanaan kegiatan.", "A programme is opened at one correctional facility for one year; once opened, it waits for its activity letter.")}</p>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, PageRoutes.ProgrammeOpeningPath)}
            {PageForm.Input(page, state, "title", Label("title"), hint: page.T("Seperti pada surat dan sertifikat, mis. Bimtek WUB Batik Cipinang 2024.", "As on the letter and certificates, e.g. Bimtek WUB Batik Cipinang 2024."))}
            {PageForm.Select(page, state, "facilityId", Label("facilityId"), Of(OrganisationKind.Facility))}
            {PageForm.Input(page, state, "year", Label("year"), hint: page.T("Tahun pelaksanaan; surat pelaksanaan kegiatan harus mencakup tahun ini.", "The year it runs; the activity letter must cover this year."))}
            {PageForm.Select(page, state, "coordinatorUnitId", Label("coordinatorUnitId"), Of(OrganisationKind.MinistryUnit))}
            {MouPages.Choices(page, state, "partnerIds", Label("partnerIds") + optional, organisations.Where(o => o.Kind is not (nameof(OrganisationKind.Facility) or nameof(OrganisationKind.ProbationOffice))).Select(o => (o.Id, o.Name)), page.T("Yayasan, asosiasi, atau unit lain yang ikut; mereka melihat program ini dan mengirim penilaian.", "Foundations, associations or other units taking part; they see the programme and send assessments."))}
            {PageForm.Select(page, state, "probationOfficeId", Label("probationOfficeId") + optional, Of(OrganisationKind.ProbationOffice), page.T("Bapas yang menindaklanjuti peserta setelah bebas.", "The probation office that follows participants up after release."))}
            {PageForm.Select(page, state, "mouId", Label("mouId") + optional, mous.Select(m => (m.Id, $"{m.Number} · {m.Title}")))}
            {PageForm.Input(page, state, "attendanceThreshold", Label("attendanceThreshold") + optional, hint: page.T("Bagian hari pelatihan yang harus dihadiri untuk sertifikat, dari 0 sampai 1: 0,8 berarti 80%. Kosong: 0,8.", "The share of training days to attend for a certificate, from 0 to 1: 0.8 means 80%. Empty: 0.8."))}
            {PageForm.Radios(page, state, "requirePassedAssessment", Label("requirePassedAssessment"), [("true", page.T("Ya", "Yes")), ("false", page.T("Tidak, kehadiran saja", "No, attendance only"))])}
            {PageForm.End(page.T("Buka program", "Open the programme"))}
            """);
        return PageLayout.Page(page, page.T("Buka program baru", "Open a new programme"), content, state.Status, ProgrammePages.Crumbs(page));
    }
}
