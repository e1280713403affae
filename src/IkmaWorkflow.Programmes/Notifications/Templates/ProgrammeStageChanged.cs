namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>A programme moved to another stage of its lifecycle (MoU, activity letter, training week, certification, follow-up).</summary>
public sealed record ProgrammeStageChanged : Notification
{
    /// <summary>Creates the notification.</summary>
    /// <param name="programmeName">The programme, as coordinators know it.</param>
    /// <param name="stage">The stage it is in now.</param>
    /// <param name="waitingFor">What the programme waits for next, and from whom.</param>
    /// <param name="changedAt">When the stage changed.</param>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public ProgrammeStageChanged(string programmeName, BilingualText stage, BilingualText waitingFor, DateTimeOffset changedAt)
    {
        ProgrammeName = Require.Text(programmeName, nameof(programmeName));
        Stage = stage ?? throw new ArgumentNullException(nameof(stage));
        WaitingFor = waitingFor ?? throw new ArgumentNullException(nameof(waitingFor));
        ChangedAt = changedAt;
    }

    /// <summary>The programme.</summary>
    public string ProgrammeName { get; }

    /// <summary>The stage it is in now.</summary>
    public BilingualText Stage { get; }

    /// <summary>What it waits for next.</summary>
    public BilingualText WaitingFor { get; }

    /// <summary>When the stage changed.</summary>
    public DateTimeOffset ChangedAt { get; }

    /// <inheritdoc/>
    public override string Kind => "programme-stage-changed";

    /// <inheritdoc/>
    public override EmailContent Render() => EmailLayout.Render(
        Kind,
        $"{ProgrammeName}: tahap {Stage.Indonesian}",
        $"{ProgrammeName}: stage {Stage.English}",
        new EmailSection(
            "Tahap program berubah",
            $"Program {ProgrammeName} kini berada pada tahap {Stage.Indonesian}.",
            [
                new("Program", ProgrammeName),
                new("Tahap", Stage.Indonesian),
                new("Berubah pada", WibText.Indonesian(ChangedAt)),
                new("Selanjutnya menunggu", WaitingFor.Indonesian),
            ],
            null,
            [],
            null),
        new EmailSection(
            "Programme stage changed",
            $"Programme {ProgrammeName} is now at the stage {Stage.English}.",
            [
                new("Programme", ProgrammeName),
                new("Stage", Stage.English),
                new("Changed at", WibText.English(ChangedAt)),
                new("Now waiting for", WaitingFor.English),
            ],
            null,
            [],
            null));
}
