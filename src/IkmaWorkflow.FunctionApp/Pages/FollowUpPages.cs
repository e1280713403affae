using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The outcome of a follow-up checkpoint after release, the page the follow-up request email links to: sent to
/// <see cref="FollowUpRequests.ReportAsync"/> as the API sends it (who may report it, and when, is the domain's rule).
/// </summary>
public sealed class FollowUpPages(PageCalls pages, RecordStore store, TimeProvider time, ILoggerFactory loggers)
{
    private static readonly string[] Booleans = ["businessStarted", "businessRegistered", "practisingSkill", "marketAccess"];

    /// <summary><c>GET /api/pages/programmes/{id}/participants/{participantId}/follow-ups/{months}</c>: the checkpoint and its outcome form.</summary>
    [Function("PageFollowUp")]
    public Task<IResult> FollowUpAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.FollowUp)] HttpRequest request, string id, string participantId, string months, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, participantId, months, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST</c> to the same address: the checkpoint's outcome.</summary>
    [Function("PageFollowUpReport")]
    public Task<IResult> ReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.FollowUp)] HttpRequest request, string id, string participantId, string months, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => FollowUpRequests.ReportAsync(id, participantId, months, page.Person.Caller, new FormBody(Fields(form), null), store, client, time, loggers, cancellationToken),
            (_, _) => new SeeOther($"{request.Path}?saved=1"),
            (page, state) => RenderAsync(page, id, participantId, months, state, cancellationToken));

    // Choices and texts as typed, the yes/no radios as booleans; a question left unanswered is left out.
    private static JsonElement Fields(IFormCollection form)
    {
        var data = new JsonObject();
        foreach (var name in new[] { "contactOutcome", "employmentStatus", "businessSector", "incomeBand", "reoffence" })
        {
            if (form[name].ToString() is { Length: > 0 } value)
            {
                data[name] = value;
            }
        }

        foreach (var name in Booleans)
        {
            if (form[name].ToString() is "true" or "false")
            {
                data[name] = form[name].ToString() == "true";
            }
        }

        return JsonSerializer.SerializeToElement(data);
    }

    private async Task<IResult> RenderAsync(PageContext page, string id, string participantId, string months, FormState state, CancellationToken cancellationToken)
    {
        var (checkpoints, refusal) = PageData.Read<IReadOnlyList<FollowUpRequests.FollowUpView>>(
            page, await FollowUpRequests.ListAsync(id, page.Person.Caller, store, cancellationToken).ConfigureAwait(false));
        if (refusal is not null)
        {
            return refusal;
        }

        var checkpoint = checkpoints!.FirstOrDefault(c => c.ParticipantId == participantId && c.Months.ToString(System.Globalization.CultureInfo.InvariantCulture) == months);
        if (checkpoint is null)
        {
            return PageLayout.Refusal(page, PageProblem.Of(FormProblems.NotFound("follow-up checkpoint", "titik tindak lanjut", $"{participantId}/{months}")));
        }

        var heading = page.T($"Tindak lanjut {checkpoint.Months} bulan setelah bebas", $"Follow-up {checkpoint.Months} {(checkpoint.Months == 1 ? "month" : "months")} after release");
        var facts = Html.Of($"""
            <dl class="facts">
            <dt>{page.T("Peserta (ID)", "Participant (ID)")}</dt><dd><code>{checkpoint.ParticipantId}</code></dd>
            <dt>{page.T("Batas waktu", "Due")}</dt><dd>{page.Date(checkpoint.DueDate)}</dd>
            <dt>{page.T("Status", "Status")}</dt><dd>{Status(page, checkpoint.Status)}</dd>
            </dl>
            """);
        if (checkpoint.Status is "Reported" or "Unreachable")
        {
            var saved = PageLayout.Saved(page.Request.Query.ContainsKey("saved") ? page.T("Hasil tindak lanjut tersimpan. Terima kasih.", "The follow-up outcome is stored. Thank you.") : null);
            var reported = checkpoint.ReportedAt is { } at ? Html.Of($"""<p>{page.T("Dicatat pada", "Recorded on")} {page.Time(at)}.</p>""") : Markup.Empty;
            return PageLayout.Page(page, heading, Html.Of($"{saved}{facts}{reported}"), state.Status);
        }

        string Label(string field) => field switch
        {
            "contactOutcome" => page.T("Hasil kontak", "Contact outcome"),
            "employmentStatus" => page.T("Status pekerjaan", "Employment"),
            "businessStarted" => page.T("Memulai usaha", "Business started"),
            "businessSector" => page.T("Bidang usaha", "Business sector"),
            "businessRegistered" => page.T("Usaha terdaftar", "Business registered"),
            "incomeBand" => page.T("Penghasilan per bulan", "Monthly income"),
            "practisingSkill" => page.T("Masih mempraktikkan keterampilan", "Still practising the skill"),
            "marketAccess" => page.T("Produk terjual atau masuk pasar", "Products sold or on a market"),
            "reoffence" => page.T("Mengulangi tindak pidana", "Reoffence"),
            _ => field,
        };
        (string, string)[] yesNo = [("true", page.T("Ya", "Yes")), ("false", page.T("Tidak", "No"))];
        var content = Html.Of($"""
            {facts}
            <p>{page.T("Jika peserta tidak dapat dihubungi atau menolak, cukup isi hasil kontak.", "When the participant cannot be reached or declines, the contact outcome is enough.")}</p>
            {PageForm.Summary(page, state, Label)}
            {PageForm.Start(page, state, page.Request.Path)}
            {PageForm.Radios(page, state, "contactOutcome", Label("contactOutcome"), [("Reached", page.T("Berhasil dihubungi", "Reached")), ("Unreachable", page.T("Tidak dapat dihubungi", "Unreachable")), ("Declined", page.T("Menolak", "Declined"))])}
            {PageForm.Select(page, state, "employmentStatus", Label("employmentStatus"), [("EmployedFullTime", page.T("Bekerja penuh waktu", "Employed full time")), ("EmployedPartTime", page.T("Bekerja paruh waktu", "Employed part time")), ("SelfEmployed", page.T("Berwirausaha", "Self-employed")), ("Unemployed", page.T("Tidak bekerja", "Unemployed")), ("UnableToWork", page.T("Tidak mampu bekerja", "Unable to work")), ("Student", page.T("Bersekolah", "Student"))])}
            {PageForm.Radios(page, state, "businessStarted", Label("businessStarted"), yesNo)}
            {PageForm.Input(page, state, "businessSector", Label("businessSector"), hint: page.T("Bila memulai usaha, misalnya batik atau makanan olahan.", "When a business was started, such as batik or processed food."), optional: true)}
            {PageForm.Radios(page, state, "businessRegistered", Label("businessRegistered"), yesNo, page.T("Bila memulai usaha.", "When a business was started."))}
            {PageForm.Select(page, state, "incomeBand", Label("incomeBand"), [("None", page.T("Tidak ada", "None")), ("BelowOneMillion", page.T("Di bawah Rp 1 juta", "Below Rp 1 million")), ("OneToThreeMillion", "Rp 1–3 juta"), ("ThreeToFiveMillion", "Rp 3–5 juta"), ("AboveFiveMillion", page.T("Di atas Rp 5 juta", "Above Rp 5 million"))])}
            {PageForm.Radios(page, state, "practisingSkill", Label("practisingSkill"), yesNo)}
            {PageForm.Radios(page, state, "marketAccess", Label("marketAccess"), yesNo)}
            {PageForm.Radios(page, state, "reoffence", Label("reoffence"), [("No", page.T("Tidak", "No")), ("Yes", page.T("Ya", "Yes")), ("Unknown", page.T("Tidak diketahui", "Unknown"))])}
            {PageForm.End(page.T("Kirim hasil tindak lanjut", "Send the follow-up outcome"))}
            """);
        return PageLayout.Page(page, heading, content, state.Status);
    }

    private static string Status(PageContext page, string status) => status switch
    {
        "Scheduled" => page.T("Terjadwal", "Scheduled"),
        "Requested" => page.T("Diminta", "Requested"),
        "Reported" => page.T("Dilaporkan", "Reported"),
        "Unreachable" => page.T("Tidak dapat dihubungi", "Unreachable"),
        _ => status,
    };
}
