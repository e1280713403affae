namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>A memorandum of understanding is about to expire: time to renew it if the cooperation goes on.</summary>
public sealed record MouExpiring : Notification
{
    /// <summary>Creates the notification.</summary>
    /// <param name="mouNumber">The MoU's number as written on it.</param>
    /// <param name="parties">The parties, at least two.</param>
    /// <param name="expiresOn">The last day it is valid.</param>
    /// <exception cref="ArgumentException">The number is empty or fewer than two parties are named.</exception>
    public MouExpiring(string mouNumber, IReadOnlyList<string> parties, DateOnly expiresOn)
    {
        MouNumber = Require.Text(mouNumber, nameof(mouNumber));
        Parties = Require.Texts(parties, nameof(parties));
        if (Parties.Count < 2)
        {
            throw new ArgumentException("An MoU has at least two parties.", nameof(parties));
        }

        ExpiresOn = expiresOn;
    }

    /// <summary>The MoU's number.</summary>
    public string MouNumber { get; }

    /// <summary>The parties.</summary>
    public IReadOnlyList<string> Parties { get; }

    /// <summary>The last day it is valid.</summary>
    public DateOnly ExpiresOn { get; }

    /// <inheritdoc/>
    public override string Kind => "mou-expiring";

    /// <inheritdoc/>
    public override EmailContent Render() => EmailLayout.Render(
        Kind,
        $"MoU {MouNumber} berakhir {WibText.Indonesian(ExpiresOn)}",
        $"MoU {MouNumber} expires {WibText.English(ExpiresOn)}",
        new EmailSection(
            "Nota kesepahaman akan berakhir",
            $"Nota kesepahaman (MoU) {MouNumber} berlaku sampai {WibText.Indonesian(ExpiresOn)}.",
            [
                new("Nomor MoU", MouNumber),
                new("Berlaku sampai", WibText.Indonesian(ExpiresOn)),
            ],
            "Para pihak",
            Parties,
            "Bila kerja sama berlanjut, mohon mulai proses perpanjangan sebelum tanggal tersebut."),
        new EmailSection(
            "Memorandum of understanding expiring",
            $"Memorandum of understanding (MoU) {MouNumber} is valid until {WibText.English(ExpiresOn)}.",
            [
                new("MoU number", MouNumber),
                new("Valid until", WibText.English(ExpiresOn)),
            ],
            "Parties",
            Parties,
            "If the cooperation continues, please start the renewal before that date."));
}
