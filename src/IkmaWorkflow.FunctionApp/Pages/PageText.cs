using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>Words the pages show for the domain's names: stages, participant types, document kinds.</summary>
public static class PageText
{
    /// <summary>A stage's name, as the programme's page shows it.</summary>
    public static string Stage(PageContext page, string stage)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Enum.TryParse<ProgrammeStage>(stage, out var value) ? value switch
        {
            ProgrammeStage.AwaitingActivityLetter => page.T("Menunggu surat pelaksanaan", "Awaiting the activity letter"),
            ProgrammeStage.AwaitingPlan => page.T("Menunggu rencana program", "Awaiting the plan"),
            ProgrammeStage.Enrolling => page.T("Pendaftaran peserta", "Enrolling participants"),
            ProgrammeStage.Scheduled => page.T("Terjadwal", "Scheduled"),
            ProgrammeStage.InTraining => page.T("Pelatihan berlangsung", "In training"),
            ProgrammeStage.AwaitingClosingReport => page.T("Menunggu laporan penutupan", "Awaiting the closing report"),
            ProgrammeStage.Certifying => page.T("Penerbitan sertifikat", "Certifying"),
            ProgrammeStage.FollowUp => page.T("Pemantauan setelah bebas", "Follow-up after release"),
            _ => page.T("Dibatalkan", "Cancelled"),
        } : stage;
    }

    /// <summary>What a stage waits for, from the domain's own words.</summary>
    public static string Expects(PageContext page, string stage)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!Enum.TryParse<ProgrammeStage>(stage, out var value))
        {
            return string.Empty;
        }

        var (english, indonesian) = ProgrammeStageText.Expects(value);
        return page.T(indonesian, english);
    }

    /// <summary>A participant type's name.</summary>
    public static string ParticipantType(PageContext page, string type)
    {
        ArgumentNullException.ThrowIfNull(page);
        return type switch
        {
            "Inmate" => page.T("Warga binaan", "Inmate"),
            "Officer" => page.T("Petugas", "Officer"),
            _ => type,
        };
    }

    /// <summary>A document kind's name.</summary>
    public static string DocumentKind(PageContext page, string kind)
    {
        ArgumentNullException.ThrowIfNull(page);
        return kind switch
        {
            "Photo" => page.T("Foto", "Photo"),
            "Report" => page.T("Laporan", "Report"),
            "AttendanceSheet" => page.T("Lembar kehadiran", "Attendance sheet"),
            "Other" => page.T("Lainnya", "Other"),
            _ => kind,
        };
    }
}
