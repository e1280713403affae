using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Letters;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Activity letters: every letter registered and the registration form with the letter's document (multipart), sent
/// to <see cref="LetterRequests.SubmitAsync"/>; and a programme's letter, chosen among those covering its facility and
/// year and sent to <see cref="ProgrammeRequests.AttachLetterAsync"/>, as the API sends them (coordinators do both).
/// </summary>
public sealed class LetterPages(PageCalls pages, RecordStore store, TimeProvider time, ILogger<ProgrammeSignals> signalLog)
{
    private const string ProgrammeParameter = "programme";

    private const string NumberParameter = "number";

    /// <summary><c>GET /api/pages/letters[?programme=id]</c>: the letters, and the registration form for coordinators.</summary>
    [Function("PageLetters")]
    public Task<IResult> LettersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Letters)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderLettersAsync(page, FormState.Fresh(), cancellationToken));

    /// <summary>
    /// <c>POST /api/pages/letters[?programme=id]</c>: registers a letter with its document; sent from a programme's letter
    /// page, the browser goes back there to attach it.
    /// </summary>
    [Function("PageLetterRegister")]
    public Task<IResult> RegisterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Letters)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => LetterRequests.SubmitAsync(page.Person.Caller, new FormBody(Fields(form), DocumentPages.Uploaded(form.Files.GetFile("document"))), store, time, cancellationToken),
            (page, form) => new SeeOther(ProgrammeOf(page) is { } programme
                ? $"{PageRoutes.ProgrammePath(programme, "letter")}?saved=letter&{NumberParameter}={Uri.EscapeDataString(form["number"].ToString().Trim())}"
                : PageRoutes.LettersPath + "?saved=1"),
            (page, state) => RenderLettersAsync(page, state, cancellationToken));

    /// <summary><c>GET /api/pages/programmes/{id}/letter</c>: the letters covering the programme, to attach one.</summary>
    [Function("PageProgrammeLetter")]
    public Task<IResult> ProgrammeLetterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.ProgrammeLetter)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAttachAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/letter</c>: attaches the letter; the programme then waits for its plan.</summary>
    [Function("PageProgrammeLetterAttach")]
    public Task<IResult> AttachAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.ProgrammeLetter)] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => ProgrammeRequests.AttachLetterAsync(
                id, page.Person.Caller, new FormBody(JsonSerializer.SerializeToElement(form["letterId"].ToString() is { Length: > 0 } letter ? new JsonObject { ["letterId"] = letter } : new JsonObject()), null),
                store, time, new ProgrammeSignals(client, signalLog), cancellationToken),
            (_, _) => new SeeOther(PageRoutes.ProgrammePath(id) + "?saved=letter"),
            (page, state) => RenderAttachAsync(page, id, state, cancellationToken));

    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "number", "letterDate", "issuerId", "mouId" })
        {
            if (form[name].ToString().Trim() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        // A year that is not a whole number goes as typed, so the domain's message names it.
        if (form["coveredYear"].ToString().Trim() is { Length: > 0 } year)
        {
            data["coveredYear"] = int.TryParse(year, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : year;
        }

        data["facilityIds"] = new JsonArray([.. form["facilityIds"].Where(f => !string.IsNullOrEmpty(f)).Select(f => (JsonNode)f!)]);
        return JsonSerializer.SerializeToElement(data);
    }

    // The programme a letter is registered for (from its letter page), when the query names one that can be an id.
    private static string? ProgrammeOf(PageContext page) =>
        page.Request.Query[ProgrammeParameter].ToString() is { Length: > 0 and <= 40 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? id : null;

    private async Task<IResult> RenderLettersAsync(PageContext page, FormState state, CancellationToken cancellationToken)
    {
        var letters = (IReadOnlyList<LetterRequests.LetterView>)((Outcome.Done)await LetterRequests.ListAsync(store, cancellationToken).ConfigureAwait(false)).Value;
        var mous = (IReadOnlyList<MouRequests.MouView>)((Outcome.Done)await MouRequests.ListAsync(store, cancellationToken).ConfigureAwait(false)).Value;
        var organisations = await MouPages.OrganisationsAsync(store, cancellationToken).ConfigureAwait(false);
        var names = organisations.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        var programme = ProgrammeOf(page);
        string Label(string field) => field switch
        {
            "number" => page.T("Nomor surat", "Letter number"),
            "letterDate" => page.T("Tanggal surat", "Letter date"),
            "issuerId" => page.T("Penerbit", "Issuer"),
            "mouId" => page.T("Berdasarkan MoU", "Under MoU"),
            "facilityIds" => page.T("Lembaga yang dicakup", "Facilities covered"),
            "coveredYear" => page.T("Tahun kegiatan", "Year covered"),
            "document" => page.T("Dokumen surat", "Letter document"),
            _ => field,
        };
        var list = letters.Count == 0
            ? Html.Of($"""<p>{page.T("Belum ada surat.", "No letter yet.")}</p>""")
            : Html.Of($"""
                <div class="table"><table>
                <caption>{page.T($"{page.Number(letters.Count)} surat", $"{page.Number(letters.Count)} letters")}</caption>
                <thead><tr><th scope="col">{page.T("Nomor", "Number")}</th><th scope="col">{page.T("Tanggal", "Date")}</th><th scope="col">{page.T("Lembaga", "Facilities")}</th><th scope="col" class="num">{page.T("Tahun", "Year")}</th><th scope="col">{page.T("Dokumen", "Document")}</th></tr></thead>
                <tbody>{Html.Join(letters, l => Html.Of($"""<tr><td>{l.RawNumber}</td><td>{page.Date(l.LetterDate)}</td><td>{string.Join(", ", l.FacilityIds.Select(f => names.GetValueOrDefault(f, f)))}</td><td class="num">{l.CoveredYear}</td><td>{(l.DocumentSha256 is null ? "–" : page.T("Terunggah", "Uploaded"))}</td></tr>"""))}</tbody>
                </table></div>
                """);
        var action = programme is null ? PageRoutes.LettersPath : $"{PageRoutes.LettersPath}?{ProgrammeParameter}={Uri.EscapeDataString(programme)}";
        var form = !page.Person.Caller.IsCoordinator
            ? Markup.Empty
            : Html.Of($"""
                <section class="panel" aria-labelledby="letter-heading">
                <h2 id="letter-heading">{page.T("Daftarkan surat pelaksanaan kegiatan", "Register an activity letter")}</h2>
                {PageForm.Summary(page, state, Label)}
                {PageForm.Start(page, state, action, multipart: true, cssClass: "form upload")}
                {PageForm.Input(page, state, "number", Label("number"), hint: page.T("Seperti tertulis, misalnya B-123/IKMA.3/IND/VII/2024.", "As written, such as B-123/IKMA.3/IND/VII/2024."))}
                {PageForm.Input(page, state, "letterDate", Label("letterDate"), type: "date")}
                {PageForm.Select(page, state, "issuerId", Label("issuerId"), organisations.Where(o => o.Kind == nameof(OrganisationKind.MinistryUnit)).Select(o => (o.Id, o.Name)))}
                {PageForm.Select(page, state, "mouId", Label("mouId") + " " + page.T("(tidak wajib)", "(optional)"), mous.Select(m => (m.Id, $"{m.Number} · {m.Title}")))}
                {MouPages.Choices(page, state, "facilityIds", Label("facilityIds"), organisations.Where(o => o.Kind == nameof(OrganisationKind.Facility)).Select(o => (o.Id, o.Name)))}
                {PageForm.Input(page, state, "coveredYear", Label("coveredYear"), value: page.Today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))}
                {PageForm.File(page, state, "document", Label("document"), "application/pdf", page.T("PDF, paling besar 25 MB; tidak wajib, tetapi dianjurkan.", "PDF, at most 25 MB; optional, but recommended."))}
                {PageForm.UploadProgress(page)}
                {PageForm.End(page.T("Daftarkan surat", "Register the letter"))}
                </section>
                """);
        var content = Html.Of($"""
            {PageLayout.Saved(page.Request.Query.ContainsKey("saved") ? page.T("Surat tersimpan.", "The letter is stored.") : null)}
            {form}
            <h2>{page.T("Surat terdaftar", "Letters registered")}</h2>
            {list}
            """);
        return PageLayout.Page(page, page.T("Surat pelaksanaan kegiatan", "Activity letters"), content, state.Status, ProgrammePages.Crumbs(page));
    }

    private async Task<IResult> RenderAttachAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, refusal) = await PageData.ProgrammeAsync(page, id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var title = page.T("Surat pelaksanaan kegiatan", "Activity letter");
        if (programme.Stage != nameof(ProgrammeStage.AwaitingActivityLetter) && state.Problem is null)
        {
            return PageLayout.Page(page, title, PlanPages.NotAtThisStage(page, programme, page.T("Surat pelaksanaan kegiatan", "The activity letter")), lead: crumbs);
        }

        var letters = ((IReadOnlyList<LetterRequests.LetterView>)((Outcome.Done)await LetterRequests.ListAsync(store, cancellationToken).ConfigureAwait(false)).Value)
            .Where(l => l.CoveredYear == programme.Year && l.FacilityIds.Contains(programme.FacilityId))
            .ToList();

        // The letter just registered from this page is chosen, else the newest covering letter.
        var registered = page.Request.Query[NumberParameter].ToString();
        var first = letters.FirstOrDefault(l => l.RawNumber == registered) ?? letters.FirstOrDefault();
        var chosen = state.Posted is null && first is not null ? new FormState(new FormCollection(new() { ["letterId"] = first.Id }), null, state.Key) : state;
        var form = Html.Of($"""
            <p>{page.T($"Surat yang mencakup lembaga program ini pada tahun {programme.Year}. Setelah surat dilampirkan, program menunggu rencananya.", $"The letters covering this programme's facility in {programme.Year}. Once a letter is attached, the programme waits for its plan.")}</p>
            {PageForm.Summary(page, state, f => f == "letterId" ? page.T("Surat", "Letter") : f)}
            {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "letter"))}
            {PageForm.Select(page, chosen, "letterId", page.T("Surat", "Letter"), letters.Select(l => (l.Id, $"{l.RawNumber} · {page.Date(l.LetterDate)}")))}
            {PageForm.End(page.T("Lampirkan surat", "Attach the letter"))}
            <p><a href="{PageRoutes.LettersPath}?{ProgrammeParameter}={Uri.EscapeDataString(id)}">{page.T("Daftarkan surat baru dengan dokumennya", "Register a new letter with its document")}</a></p>
            """);
        var saved = page.Request.Query["saved"].ToString() == "letter" ? page.T("Surat tersimpan; lampirkan ke program ini.", "The letter is stored; attach it to this programme.") : null;
        return PageLayout.Page(page, title, Html.Of($"{PageLayout.Saved(saved)}{form}"), state.Status, crumbs);
    }
}
