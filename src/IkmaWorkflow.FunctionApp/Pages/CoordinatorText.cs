using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>Words the coordinator pages show for the domain's and the orchestrations' names (kept apart from <see cref="PageText"/>, which the partner pages share).</summary>
internal static class CoordinatorText
{
    /// <summary>What entering <paramref name="stage"/> means, in plain words, for the programme's timeline.</summary>
    public static string Entered(PageContext page, ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.AwaitingActivityLetter => page.T("Program dibuka; menunggu surat pelaksanaan kegiatan.", "The programme was opened; it waits for the activity letter."),
        ProgrammeStage.AwaitingPlan => page.T("Surat pelaksanaan dilampirkan; menunggu rencana program.", "The activity letter was attached; it waits for the plan."),
        ProgrammeStage.Enrolling => page.T("Rencana program disimpan; pendaftaran peserta dibuka.", "The plan was stored; enrolment opened."),
        ProgrammeStage.Scheduled => page.T("Pendaftaran ditutup; pelatihan terjadwal.", "Enrolment closed; the training is scheduled."),
        ProgrammeStage.InTraining => page.T("Minggu pelatihan dimulai.", "The training week began."),
        ProgrammeStage.AwaitingClosingReport => page.T("Minggu pelatihan selesai; menunggu laporan penutupan.", "The training week ended; it waits for the closing report."),
        ProgrammeStage.Certifying => page.T("Laporan penutupan diterima; sertifikat sedang diterbitkan.", "The closing report arrived; certificates are being issued."),
        ProgrammeStage.FollowUp => page.T("Sertifikat terbit; pemantauan setelah bebas berjalan.", "The certificates are issued; the follow-up after release runs."),
        _ => page.T("Program dibatalkan.", "The programme was cancelled."),
    };

    /// <summary>An orchestration's runtime status.</summary>
    public static string Runtime(PageContext page, OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Running => page.T("berjalan", "running"),
        OrchestrationRuntimeStatus.Pending => page.T("menunggu mulai", "pending"),
        OrchestrationRuntimeStatus.Completed => page.T("selesai", "completed"),
        OrchestrationRuntimeStatus.Failed => page.T("gagal", "failed"),
        OrchestrationRuntimeStatus.Terminated => page.T("dihentikan", "terminated"),
        OrchestrationRuntimeStatus.Suspended => page.T("ditangguhkan", "suspended"),
        _ => status.ToString(),
    };

    /// <summary>A participant's status.</summary>
    public static string ParticipantStatus(PageContext page, string status) => status switch
    {
        "Enrolled" => page.T("Terdaftar", "Enrolled"),
        "Withdrawn" => page.T("Mengundurkan diri", "Withdrawn"),
        _ => status,
    };

    /// <summary>A certificate's status.</summary>
    public static string CertificateStatus(PageContext page, string status) => status switch
    {
        "Valid" => page.T("Berlaku", "Valid"),
        "Revoked" => page.T("Dicabut", "Revoked"),
        "Pending" => page.T("Sedang diterbitkan", "Being issued"),
        _ => status,
    };

    /// <summary>A follow-up checkpoint's status; one still open after its due day is said to be overdue.</summary>
    public static string CheckpointStatus(PageContext page, string status, string dueDate, DateOnly today) => status switch
    {
        "Scheduled" when string.CompareOrdinal(dueDate, DateText.Of(today)) <= 0 => page.T("Jatuh tempo", "Due"),
        "Scheduled" => page.T("Terjadwal", "Scheduled"),
        "Requested" when string.CompareOrdinal(dueDate, DateText.Of(today)) < 0 => page.T("Diminta, terlambat", "Requested, overdue"),
        "Requested" => page.T("Diminta", "Requested"),
        "Reported" => page.T("Dilaporkan", "Reported"),
        "Unreachable" => page.T("Tidak terjangkau", "Unreachable"),
        "Erased" => page.T("Ditutup (data dihapus)", "Closed (data erased)"),
        _ => status,
    };

    /// <summary>A follow-up's contact outcome, or a dash.</summary>
    public static string ContactOutcome(PageContext page, string? outcome) => outcome switch
    {
        null => "–",
        "Reached" => page.T("Berhasil dihubungi", "Reached"),
        "Unreachable" => page.T("Tidak dapat dihubungi", "Unreachable"),
        "Declined" => page.T("Menolak", "Declined"),
        _ => outcome,
    };

    /// <summary>An email's status in the outbox.</summary>
    public static string EmailStatus(PageContext page, string status) => status switch
    {
        "Pending" => page.T("Menunggu", "Pending"),
        "Sending" => page.T("Sedang dikirim", "Sending"),
        "Sent" => page.T("Terkirim", "Sent"),
        "Failed" => page.T("Gagal", "Failed"),
        _ => status,
    };
}
