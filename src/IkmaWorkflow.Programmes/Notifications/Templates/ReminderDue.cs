namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Something a programme waits for is due soon: a reminder to whoever must provide it.</summary>
public sealed record ReminderDue : Notification
{
    /// <summary>Creates the reminder.</summary>
    /// <param name="programmeName">The programme.</param>
    /// <param name="awaited">What is awaited, such as the attendance list of the training week.</param>
    /// <param name="dueAt">When it is due.</param>
    /// <exception cref="ArgumentException">A text is empty.</exception>
    public ReminderDue(string programmeName, BilingualText awaited, DateTimeOffset dueAt)
    {
        ProgrammeName = Require.Text(programmeName, nameof(programmeName));
        Awaited = awaited ?? throw new ArgumentNullException(nameof(awaited));
        DueAt = dueAt;
    }

    /// <summary>The programme.</summary>
    public string ProgrammeName { get; }

    /// <summary>What is awaited.</summary>
    public BilingualText Awaited { get; }

    /// <summary>When it is due.</summary>
    public DateTimeOffset DueAt { get; }

    /// <inheritdoc/>
    public override string Kind => "reminder";

    /// <inheritdoc/>
    public override EmailContent Render() => EmailLayout.Render(
        Kind,
        $"Pengingat: {Awaited.Indonesian} paling lambat {WibText.Indonesian(DueAt)}",
        $"Reminder: {Awaited.English} due {WibText.English(DueAt)}",
        new EmailSection(
            "Pengingat",
            $"Program {ProgrammeName} masih menunggu: {Awaited.Indonesian}.",
            [
                new("Program", ProgrammeName),
                new("Yang ditunggu", Awaited.Indonesian),
                new("Batas waktu", WibText.Indonesian(DueAt)),
            ],
            null,
            [],
            "Mohon lengkapi sebelum batas waktu."),
        new EmailSection(
            "Reminder",
            $"Programme {ProgrammeName} is still waiting for: {Awaited.English}.",
            [
                new("Programme", ProgrammeName),
                new("Awaited", Awaited.English),
                new("Due", WibText.English(DueAt)),
            ],
            null,
            [],
            "Please complete it before the due date."));
}
