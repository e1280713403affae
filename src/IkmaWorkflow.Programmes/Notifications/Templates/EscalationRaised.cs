namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Something stayed overdue after its reminders: escalated to the coordinators.</summary>
public sealed record EscalationRaised : Notification
{
    /// <summary>Creates the escalation.</summary>
    /// <param name="programmeName">The programme.</param>
    /// <param name="overdue">What is overdue.</param>
    /// <param name="overdueSince">When it fell due.</param>
    /// <param name="reminded">Who was reminded (names or roles), at least one.</param>
    /// <exception cref="ArgumentException">A text is empty, or nobody was reminded.</exception>
    public EscalationRaised(string programmeName, BilingualText overdue, DateTimeOffset overdueSince, IReadOnlyList<string> reminded)
    {
        ProgrammeName = Require.Text(programmeName, nameof(programmeName));
        Overdue = overdue ?? throw new ArgumentNullException(nameof(overdue));
        OverdueSince = overdueSince;
        Reminded = Require.Texts(reminded, nameof(reminded));
    }

    /// <summary>The programme.</summary>
    public string ProgrammeName { get; }

    /// <summary>What is overdue.</summary>
    public BilingualText Overdue { get; }

    /// <summary>When it fell due.</summary>
    public DateTimeOffset OverdueSince { get; }

    /// <summary>Who was reminded.</summary>
    public IReadOnlyList<string> Reminded { get; }

    /// <inheritdoc/>
    public override string Kind => "escalation";

    /// <inheritdoc/>
    public override EmailContent Render() => EmailLayout.Render(
        Kind,
        $"Eskalasi: {Overdue.Indonesian} terlambat ({ProgrammeName})",
        $"Escalation: {Overdue.English} overdue ({ProgrammeName})",
        new EmailSection(
            "Eskalasi: melewati batas waktu",
            $"{Overdue.Indonesian} untuk program {ProgrammeName} belum diterima meskipun sudah diingatkan.",
            [
                new("Program", ProgrammeName),
                new("Terlambat", Overdue.Indonesian),
                new("Sejak", WibText.Indonesian(OverdueSince)),
            ],
            "Sudah diingatkan",
            Reminded,
            "Mohon tindak lanjuti dengan pihak terkait."),
        new EmailSection(
            "Escalation: past the due date",
            $"{Overdue.English} for programme {ProgrammeName} has not arrived despite reminders.",
            [
                new("Programme", ProgrammeName),
                new("Overdue", Overdue.English),
                new("Since", WibText.English(OverdueSince)),
            ],
            "Reminded",
            Reminded,
            "Please follow up with those responsible."));
}
