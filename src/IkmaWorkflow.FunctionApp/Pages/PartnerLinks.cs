using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// What the home and programme pages show of the partner forms: links to the forms the signed-in organisation may
/// send at the programme's stage (the same senders and stages as the domain's <c>ProgrammeForm</c>s), the MoU and
/// letter registers for coordinators, the certificates issued, and the line saying what was just stored.
/// </summary>
internal static class PartnerLinks
{
    /// <summary>Links (list items) to the partner forms <paramref name="page"/>'s organisation may send to <paramref name="programme"/> now.</summary>
    public static Markup Forms(PageContext page, ProgrammeView programme)
    {
        var caller = page.Person.Caller;
        var facility = caller.IsCoordinator || caller.OrganisationId == programme.FacilityId;
        var probation = facility || caller.OrganisationId == programme.ProbationOfficeId;
        var links = new List<(bool Shown, string Part, string Text)>
        {
            (caller.IsCoordinator && programme.Stage == nameof(ProgrammeStage.AwaitingActivityLetter), "letter", page.T("Surat pelaksanaan kegiatan", "Activity letter")),
            (facility && programme.Stage == nameof(ProgrammeStage.AwaitingPlan), "plan", page.T("Rencana program", "Programme plan")),
            (facility && programme.Stage == nameof(ProgrammeStage.Enrolling), "enrolment/close", page.T("Tutup pendaftaran", "Close enrolment")),
            (programme.Stage is nameof(ProgrammeStage.InTraining) or nameof(ProgrammeStage.AwaitingClosingReport), "assessments", page.T("Penilaian", "Assessments")),
            (probation && programme.Stage is nameof(ProgrammeStage.AwaitingClosingReport) or nameof(ProgrammeStage.Certifying) or nameof(ProgrammeStage.FollowUp), "release", page.T("Laporan pembebasan", "Release reports")),
        };
        return Html.Join(links.Where(l => l.Shown), l => Html.Of($"""<li><a href="{PageRoutes.ProgrammePath(programme.Id, l.Part)}">{l.Text}</a></li>"""));
    }

    /// <summary>Links to the MoU and activity letter registers, on the coordinators' home page.</summary>
    public static Markup Registers(PageContext page) => Html.Of($"""
            <h2>{page.T("Dasar kegiatan", "Agreements and letters")}</h2>
            <ul class="actions-list">
            <li><a href="{PageRoutes.MousPath}">{page.T("Nota kesepahaman (MoU)", "Memoranda of understanding (MoU)")}</a></li>
            <li><a href="{PageRoutes.LettersPath}">{page.T("Surat pelaksanaan kegiatan", "Activity letters")}</a></li>
            </ul>
            """);

    /// <summary>The link to the programme opening form, on the coordinators' home page.</summary>
    public static Markup Opening(PageContext page) => Html.Of($"""
            <ul class="actions-list"><li><a href="{PageRoutes.ProgrammeOpeningPath}">{page.T("Buka program baru", "Open a new programme")}</a></li></ul>
            """);

    /// <summary>What the programme page says after a partner form sent the browser back to it, if anything.</summary>
    public static string? Saved(PageContext page) => page.Request.Query["saved"].ToString() switch
    {
        "opened" => page.T("Program dibuka; program menunggu surat pelaksanaan kegiatannya.", "The programme is open; it waits for its activity letter."),
        "letter" => page.T("Surat pelaksanaan kegiatan terlampir; program menunggu rencananya.", "The activity letter is attached; the programme waits for its plan."),
        "plan" => page.T("Rencana program tersimpan; pendaftaran peserta dibuka.", "The plan is stored; enrolment is open."),
        "enrolment-closed" => page.T("Pendaftaran ditutup; pekan pelatihan terjadwal.", "Enrolment is closed; the training week is scheduled."),
        _ => null,
    };

    /// <summary>The certificates issued for the programme (numbers and status), once there are any.</summary>
    public static async Task<Markup> CertificatesAsync(PageContext page, string id, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await CertificateRequests.ListAsync(id, page.Person.Caller, store, time, cancellationToken).ConfigureAwait(false) is not Outcome.Done { Value: IReadOnlyList<CertificateRequests.CertificateView> certificates }
            || certificates.Count == 0)
        {
            return Markup.Empty;
        }

        string Status(string status) => status switch
        {
            "Valid" => page.T("Berlaku", "Valid"),
            "Revoked" => page.T("Dicabut", "Revoked"),
            "Pending" => page.T("Sedang diterbitkan", "Being issued"),
            _ => status,
        };
        return Html.Of($"""
            <h2>{page.T("Sertifikat", "Certificates")}</h2>
            <div class="table"><table>
            <caption>{page.T($"{page.Number(certificates.Count)} sertifikat", $"{page.Number(certificates.Count)} certificates")}</caption>
            <thead><tr><th scope="col">{page.T("Nomor", "Number")}</th><th scope="col">{page.T("Pemegang", "Holder")}</th><th scope="col">{page.T("Kelas", "Track")}</th><th scope="col">{page.T("Tanggal terbit", "Issued on")}</th><th scope="col">{page.T("Status", "Status")}</th></tr></thead>
            <tbody>{Html.Join(certificates, c => Html.Of($"""<tr><td>{c.Number}</td><td>{c.HolderName ?? c.Initials}</td><td>{c.Track}</td><td>{page.Date(c.IssueDate)}</td><td>{Status(c.Status)}</td></tr>"""))}</tbody>
            </table></div>
            """);
    }
}
