namespace IkmaWorkflow.Programmes.Training;

/// <summary>Where a programme is in its lifecycle; forms are accepted only at the stages that expect them.</summary>
public enum ProgrammeStage
{
    /// <summary>Opened by a coordinator; waits for DG IKMA's activity letter.</summary>
    AwaitingActivityLetter,

    /// <summary>The letter is in; waits for the plan (tracks, quotas, dates).</summary>
    AwaitingPlan,

    /// <summary>Planned; the facility enrols participants until it closes enrolment or the week starts.</summary>
    Enrolling,

    /// <summary>Enrolment closed; the training week is ahead.</summary>
    Scheduled,

    /// <summary>The training week is running: attendance and assessments are recorded.</summary>
    InTraining,

    /// <summary>The week is over; waits for the assessments and the closing report.</summary>
    AwaitingClosingReport,

    /// <summary>Certificates are being issued.</summary>
    Certifying,

    /// <summary>Certificates issued; released participants are followed up.</summary>
    FollowUp,

    /// <summary>Cancelled by a coordinator.</summary>
    Cancelled,
}

/// <summary>What each stage waits for, in English and Indonesian, for answers and custom status.</summary>
public static class ProgrammeStageText
{
    /// <summary>What <paramref name="stage"/> expects next.</summary>
    public static (string English, string Indonesian) Expects(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.AwaitingActivityLetter => ("the activity letter", "surat pelaksanaan kegiatan"),
        ProgrammeStage.AwaitingPlan => ("the programme plan (tracks, quotas, dates)", "rencana program (kelas, kuota, tanggal)"),
        ProgrammeStage.Enrolling => ("participant enrolment, then closing of enrolment", "pendaftaran peserta, lalu penutupan pendaftaran"),
        ProgrammeStage.Scheduled => ("the start of the training week", "dimulainya pekan pelatihan"),
        ProgrammeStage.InTraining => ("daily attendance and assessments", "kehadiran harian dan penilaian"),
        ProgrammeStage.AwaitingClosingReport => ("the assessments and the closing report", "penilaian dan laporan penutupan"),
        ProgrammeStage.Certifying => ("the certificates to be issued", "penerbitan sertifikat"),
        ProgrammeStage.FollowUp => ("follow-up outcomes after release", "hasil pemantauan setelah bebas"),
        _ => ("nothing: the programme is cancelled", "tidak ada: program dibatalkan"),
    };
}
