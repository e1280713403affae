namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>
/// A follow-up checkpoint after release is due for a participant: the probation office (Bapas) or partner is asked to
/// submit the follow-up. The participant appears by pseudonymous id only.
/// </summary>
public sealed record FollowUpRequested : Notification
{
    /// <summary>Creates the request.</summary>
    /// <param name="participantId">The participant's pseudonymous id (never a name or registration number).</param>
    /// <param name="checkpoint">The checkpoint, such as <see cref="BilingualText.MonthsAfterRelease"/>(12).</param>
    /// <param name="dueOn">The date the follow-up is due.</param>
    /// <param name="submitAt">Where to submit it: an absolute http or https address.</param>
    /// <exception cref="ArgumentException">A text is empty or <paramref name="submitAt"/> is not an absolute web address.</exception>
    public FollowUpRequested(string participantId, BilingualText checkpoint, DateOnly dueOn, Uri submitAt)
    {
        ParticipantId = Require.Text(participantId, nameof(participantId));
        Checkpoint = checkpoint ?? throw new ArgumentNullException(nameof(checkpoint));
        DueOn = dueOn;
        ArgumentNullException.ThrowIfNull(submitAt);
        SubmitAt = submitAt.IsAbsoluteUri && (submitAt.Scheme == Uri.UriSchemeHttps || submitAt.Scheme == Uri.UriSchemeHttp)
            ? submitAt
            : throw new ArgumentException($"'{submitAt}' is not an absolute http or https address.", nameof(submitAt));
    }

    /// <summary>The participant's pseudonymous id.</summary>
    public string ParticipantId { get; }

    /// <summary>The checkpoint.</summary>
    public BilingualText Checkpoint { get; }

    /// <summary>The date the follow-up is due.</summary>
    public DateOnly DueOn { get; }

    /// <summary>Where to submit it.</summary>
    public Uri SubmitAt { get; }

    /// <inheritdoc/>
    public override string Kind => "follow-up-requested";

    /// <inheritdoc/>
    public override EmailContent Render() => EmailLayout.Render(
        Kind,
        $"Tindak lanjut {Checkpoint.Indonesian} untuk peserta {ParticipantId}",
        $"Follow-up at {Checkpoint.English} for participant {ParticipantId}",
        new EmailSection(
            "Permintaan tindak lanjut",
            $"Tindak lanjut {Checkpoint.Indonesian} setelah bebas untuk peserta {ParticipantId} sudah waktunya diisi.",
            [
                new("Peserta (ID)", ParticipantId),
                new("Titik tindak lanjut", $"{Checkpoint.Indonesian} setelah bebas"),
                new("Batas waktu", WibText.Indonesian(DueOn)),
                new("Kirim melalui", SubmitAt.AbsoluteUri, SubmitAt),
            ],
            null,
            [],
            "Mohon isi formulir tindak lanjut sebelum batas waktu."),
        new EmailSection(
            "Follow-up requested",
            $"The follow-up at {Checkpoint.English} after release for participant {ParticipantId} is due.",
            [
                new("Participant (ID)", ParticipantId),
                new("Checkpoint", $"{Checkpoint.English} after release"),
                new("Due", WibText.English(DueOn)),
                new("Submit at", SubmitAt.AbsoluteUri, SubmitAt),
            ],
            null,
            [],
            "Please fill in the follow-up form before the due date."));
}
