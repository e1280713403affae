using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The MoUs: every MoU registered, and the registration form with the signed document (multipart), sent to
/// <see cref="MouRequests.RegisterAsync"/> as the API sends it (coordinators register; others see the list).
/// </summary>
public sealed class MouPages(PageCalls pages, RecordStore store, TimeProvider time, ILogger<MouWatcher> watcherLog)
{
    /// <summary><c>GET /api/pages/mous</c>: the MoUs, and the registration form for coordinators.</summary>
    [Function("PageMous")]
    public Task<IResult> MousAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Mous)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/mous</c>: registers an MoU with its signed document.</summary>
    [Function("PageMouRegister")]
    public Task<IResult> RegisterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Mous)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => MouRequests.RegisterAsync(page.Person.Caller, new FormBody(Fields(form), DocumentPages.Uploaded(form.Files.GetFile("document"))), store, time, new MouWatcher(client, watcherLog), cancellationToken),
            (_, _) => new SeeOther(PageRoutes.MousPath + "?saved=1"),
            (page, state) => RenderAsync(page, state, cancellationToken));

    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "number", "title", "signedOn", "validFrom", "validUntil", "renewsMouId", "scope" })
        {
            if (form[name].ToString().Trim() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        data["partyIds"] = new JsonArray([.. form["partyIds"].Where(p => !string.IsNullOrEmpty(p)).Select(p => (JsonNode)p!)]);
        return JsonSerializer.SerializeToElement(data);
    }

    private async Task<IResult> RenderAsync(PageContext page, FormState state, CancellationToken cancellationToken)
    {
        var mous = (IReadOnlyList<MouRequests.MouView>)((Outcome.Done)await MouRequests.ListAsync(store, cancellationToken).ConfigureAwait(false)).Value;
        var organisations = await OrganisationsAsync(store, cancellationToken).ConfigureAwait(false);
        var names = organisations.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        string Label(string field) => field switch
        {
            "number" => page.T("Nomor MoU", "MoU number"),
            "title" => page.T("Judul", "Title"),
            "partyIds" => page.T("Para pihak", "Parties"),
            "signedOn" => page.T("Tanggal penandatanganan", "Signed on"),
            "validFrom" => page.T("Berlaku mulai", "Valid from"),
            "validUntil" => page.T("Berlaku sampai", "Valid until"),
            "renewsMouId" => page.T("Memperpanjang MoU", "Renews MoU"),
            "scope" => page.T("Ruang lingkup", "Scope"),
            "document" => page.T("Dokumen MoU yang ditandatangani", "Signed MoU document"),
            _ => field,
        };
        var list = mous.Count == 0
            ? Html.Of($"""<p>{page.T("Belum ada MoU.", "No MoU yet.")}</p>""")
            : Html.Of($"""
                <div class="table"><table>
                <caption>{page.T($"{page.Number(mous.Count)} MoU", $"{page.Number(mous.Count)} MoUs")}</caption>
                <thead><tr><th scope="col">{page.T("Nomor", "Number")}</th><th scope="col">{page.T("Judul", "Title")}</th><th scope="col">{page.T("Para pihak", "Parties")}</th><th scope="col">{page.T("Masa berlaku", "Validity")}</th><th scope="col">{page.T("Dokumen", "Document")}</th></tr></thead>
                <tbody>{Html.Join(mous, m => Html.Of($"""<tr><td>{m.Number}</td><td>{m.Title}</td><td>{string.Join(", ", m.PartyIds.Select(p => names.GetValueOrDefault(p, p)))}</td><td>{page.Date(m.ValidFrom)} – {page.Date(m.ValidUntil)}</td><td>{(m.DocumentSha256 is null ? "–" : page.T("Terunggah", "Uploaded"))}</td></tr>"""))}</tbody>
                </table></div>
                """);
        var form = !page.Person.Caller.IsCoordinator
            ? Markup.Empty
            : Html.Of($"""
                <section class="panel" aria-labelledby="mou-heading">
                <h2 id="mou-heading">{page.T("Daftarkan MoU", "Register an MoU")}</h2>
                {PageForm.Summary(page, state, Label)}
                {PageForm.Start(page, state, PageRoutes.MousPath, multipart: true, cssClass: "form upload")}
                {PageForm.Input(page, state, "number", Label("number"), hint: page.T("Seperti tertulis pada dokumen.", "As written on the document."))}
                {PageForm.Input(page, state, "title", Label("title"))}
                {Choices(page, state, "partyIds", Label("partyIds"), organisations.Select(o => (o.Id, o.Name)), page.T("Paling sedikit dua pihak.", "At least two parties."))}
                {PageForm.Input(page, state, "signedOn", Label("signedOn"), type: "date")}
                {PageForm.Input(page, state, "validFrom", Label("validFrom"), type: "date")}
                {PageForm.Input(page, state, "validUntil", Label("validUntil"), type: "date")}
                {PageForm.Select(page, state, "renewsMouId", Label("renewsMouId") + " " + page.T("(tidak wajib)", "(optional)"), mous.Where(m => m.RenewedByMouId is null).Select(m => (m.Id, $"{m.Number} · {m.Title}")))}
                {PageForm.TextArea(page, state, "scope", Label("scope"))}
                {PageForm.File(page, state, "document", Label("document"), "application/pdf", page.T("PDF, paling besar 25 MB; tidak wajib, tetapi dianjurkan.", "PDF, at most 25 MB; optional, but recommended."))}
                {PageForm.UploadProgress(page)}
                {PageForm.End(page.T("Daftarkan MoU", "Register the MoU"))}
                </section>
                """);
        var content = Html.Of($"""
            {PageLayout.Saved(page.Request.Query.ContainsKey("saved") ? page.T("MoU tersimpan.", "The MoU is stored.") : null)}
            {form}
            <h2>{page.T("MoU terdaftar", "MoUs registered")}</h2>
            {list}
            """);
        return PageLayout.Page(page, page.T("Nota kesepahaman (MoU)", "Memoranda of understanding (MoU)"), content, state.Status, ProgrammePages.Crumbs(page));
    }

    /// <summary>Every organisation registered, by name.</summary>
    internal static async Task<IReadOnlyList<OrganisationRequests.OrganisationView>> OrganisationsAsync(RecordStore store, CancellationToken cancellationToken) =>
        await OrganisationRequests.ListAsync(store, cancellationToken).ConfigureAwait(false) is Outcome.Done { Value: IEnumerable<OrganisationRequests.OrganisationView> organisations }
            ? [.. organisations.OrderBy(o => o.Name, StringComparer.Ordinal)]
            : [];

    /// <summary>A choice of several among <paramref name="options"/> (value, label): checkboxes in a fieldset.</summary>
    internal static Markup Choices(PageContext page, FormState state, string name, string legend, IEnumerable<(string Value, string Label)> options, string? hint = null)
    {
        var chosen = state.Values(name).ToHashSet(StringComparer.Ordinal);
        var errors = state.Problem?.ErrorsFor(page, name) ?? [];
        var id = PageForm.IdOf(name);
        var index = 0;
        var boxes = Html.Join(options, o =>
        {
            var boxId = $"{id}-{index++}";
            var ticked = chosen.Contains(o.Value) ? Html.Of($" checked") : Markup.Empty;
            return Html.Of($"""<li><input type="checkbox" id="{boxId}" name="{name}" value="{o.Value}"{ticked}><label for="{boxId}">{o.Label}</label></li>""");
        });
        var hintMarkup = hint is null ? Markup.Empty : Html.Of($"""<p class="hint" id="{id}-hint">{hint}</p>""");
        var messages = errors.Count > 0
            ? Html.Of($"""<p class="error" id="{id}-error"><span class="visually-hidden">{page.T("Kesalahan", "Error")}: </span>{string.Join(" ", errors)}</p>""")
            : Markup.Empty;
        var describedBy = string.Join(' ', new[] { hint is null ? null : id + "-hint", errors.Count > 0 ? id + "-error" : null }.OfType<string>());
        return Html.Of($"""
            <fieldset class="field checklist{(errors.Count > 0 ? " invalid" : string.Empty)}" id="{id}"{(describedBy.Length > 0 ? Html.Of($""" aria-describedby="{describedBy}" """) : Markup.Empty)}>
            <legend>{legend}</legend>
            {hintMarkup}{messages}
            <ul class="checks">{boxes}</ul>
            </fieldset>
            """);
    }
}
