namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Where the pages live: every route of the page functions, and the addresses links point at, in one place. They sit
/// under <c>/api/pages</c> because host.json's route prefix <c>api</c> applies to every HTTP function under the
/// Functions host (docs/pages.md).
/// </summary>
public static class PageRoutes
{
    /// <summary>The path every page starts with; the pages' cookies are scoped to it.</summary>
    public const string Base = "/api/pages";

    /// <summary>Route of the home page.</summary>
    public const string Home = "pages";

    /// <summary>Route of the sign-in request page.</summary>
    public const string SignIn = "pages/sign-in";

    /// <summary>Route of the page a sign-in link opens.</summary>
    public const string SignInLink = "pages/sign-in/link";

    /// <summary>Route of signing out.</summary>
    public const string SignOut = "pages/sign-out";

    /// <summary>Route of a programme's page.</summary>
    public const string Programme = "pages/programmes/{id}";

    /// <summary>Route of a programme's participants and enrolment forms.</summary>
    public const string Participants = "pages/programmes/{id}/participants";

    /// <summary>Route of enrolment by CSV file.</summary>
    public const string ParticipantsCsv = "pages/programmes/{id}/participants/csv";

    /// <summary>Route of the CSV template.</summary>
    public const string ParticipantsTemplate = "pages/programmes/{id}/participants/template.csv";

    /// <summary>Route of the daily attendance checklist.</summary>
    public const string Attendance = "pages/programmes/{id}/attendance";

    /// <summary>Route of the documentation page.</summary>
    public const string Documents = "pages/programmes/{id}/documents";

    /// <summary>Route of the closing report.</summary>
    public const string ClosingReport = "pages/programmes/{id}/closing-report";

    /// <summary>Route of a follow-up checkpoint's outcome form, the page the follow-up request email links to.</summary>
    public const string FollowUp = "pages/programmes/{id}/participants/{participantId}/follow-ups/{months}";

    // Partner forms (issue 10, second part): assessments, plan, enrolment closing, MoU, activity letter, release.

    /// <summary>Route of the assessments table.</summary>
    public const string Assessments = "pages/programmes/{id}/assessments";

    /// <summary>Route of the programme plan (tracks, quotas, trainers, dates).</summary>
    public const string Plan = "pages/programmes/{id}/plan";

    /// <summary>Route of closing enrolment.</summary>
    public const string EnrolmentClose = "pages/programmes/{id}/enrolment/close";

    /// <summary>Route of attaching an activity letter to a programme.</summary>
    public const string ProgrammeLetter = "pages/programmes/{id}/letter";

    /// <summary>Route of the release reports: the inmates with their release, and the form for one.</summary>
    public const string Release = "pages/programmes/{id}/release";

    /// <summary>Route of the MoUs and the MoU registration form.</summary>
    public const string Mous = "pages/mous";

    /// <summary>Route of the activity letters and the letter registration form.</summary>
    public const string Letters = "pages/letters";

    /// <summary>The MoUs page's address.</summary>
    public static string MousPath => Base + "/mous";

    /// <summary>The activity letters page's address.</summary>
    public static string LettersPath => Base + "/letters";

    // End of the partner forms.

    /// <summary>Route of the stylesheet and script.</summary>
    public const string Asset = "pages/assets/{name}";

    // ---- Coordinator pages (issue 10, coordinators' part) ----

    /// <summary>Route of a programme document's file (coordinators: photo thumbnails and files).</summary>
    public const string DocumentFile = "pages/programmes/{id}/documents/{documentId}/file";

    /// <summary>Route of a certificate's page: its facts and links to its PDF, revoking and reissuing (coordinators).</summary>
    public const string Certificate = "pages/programmes/{id}/certificates/{number}";

    /// <summary>Route of a certificate's PDF.</summary>
    public const string CertificatePdf = "pages/programmes/{id}/certificates/{number}/pdf";

    /// <summary>Route of revoking a certificate: the confirm page (GET) and the form (POST).</summary>
    public const string CertificateRevoke = "pages/programmes/{id}/certificates/{number}/revoke";

    /// <summary>Route of reissuing a certificate: the confirm page (GET) and the form (POST).</summary>
    public const string CertificateReissue = "pages/programmes/{id}/certificates/{number}/reissue";

    /// <summary>Route of the follow-up due list across programmes (coordinators).</summary>
    public const string FollowUpsDue = "pages/follow-ups";

    /// <summary>Route of the follow-up outcomes by cohort (coordinators).</summary>
    public const string Outcomes = "pages/outcomes";

    /// <summary>Route of the follow-up outcomes as CSV (coordinators).</summary>
    public const string OutcomesCsv = "pages/outcomes/outcomes.csv";

    /// <summary>Route of the email outbox (coordinators).</summary>
    public const string Emails = "pages/emails";

    /// <summary>Route of the failed orchestrations (coordinators).</summary>
    public const string Orchestrations = "pages/orchestrations";

    /// <summary>Route of one orchestration's confirm page and its restart/terminate posts (coordinators).</summary>
    public const string Orchestration = "pages/orchestrations/{instanceId}";

    /// <summary>Route of restarting a failed orchestration.</summary>
    public const string OrchestrationRestart = "pages/orchestrations/{instanceId}/restart";

    /// <summary>Route of terminating an orchestration.</summary>
    public const string OrchestrationTerminate = "pages/orchestrations/{instanceId}/terminate";

    /// <summary>The address of a coordinator page under <see cref="Base"/>, such as <c>follow-ups</c>.</summary>
    public static string CoordinatorPath(string part) => $"{Base}/{part}";

    /// <summary>The address of certificate <paramref name="number"/> of programme <paramref name="id"/>, or of its <paramref name="part"/>.</summary>
    public static string CertificatePath(string id, string number, string? part = null) =>
        ProgrammePath(id, $"certificates/{Uri.EscapeDataString(number)}{(part is null ? string.Empty : "/" + part)}");

    /// <summary>The address of orchestration <paramref name="instanceId"/>'s page, or of its <paramref name="part"/>.</summary>
    public static string OrchestrationPath(string instanceId, string? part = null) =>
        $"{Base}/orchestrations/{Uri.EscapeDataString(instanceId)}{(part is null ? string.Empty : "/" + part)}";

    // ---- end of the coordinator pages ----

    /// <summary>The home page's address.</summary>
    public static string HomePath => Base;

    /// <summary>The sign-in page's address.</summary>
    public static string SignInPath => Base + "/sign-in";

    /// <summary>The sign-in link page's address.</summary>
    public static string SignInLinkPath => Base + "/sign-in/link";

    /// <summary>The sign-out address.</summary>
    public static string SignOutPath => Base + "/sign-out";

    /// <summary>The address of programme <paramref name="id"/>'s page, or of its <paramref name="part"/>.</summary>
    public static string ProgrammePath(string id, string? part = null) =>
        $"{Base}/programmes/{Uri.EscapeDataString(id)}{(part is null ? string.Empty : "/" + part)}";

    /// <summary>The address of an asset.</summary>
    public static string AssetPath(string name) => $"{Base}/assets/{name}";

    // The programme opening form (partner pages' remaining parts).

    /// <summary>The coordinators' form that opens a programme (<c>POST /api/programmes</c> from a page).</summary>
    public const string ProgrammeOpening = "pages/programmes/new";

    /// <summary>The address of <see cref="ProgrammeOpening"/>.</summary>
    public static string ProgrammeOpeningPath => Base + "/programmes/new";
}
