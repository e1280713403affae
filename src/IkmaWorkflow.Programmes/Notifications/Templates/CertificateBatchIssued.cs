using System.Globalization;
using System.Text.RegularExpressions;

namespace IkmaWorkflow.Programmes.Notifications;

/// <summary>Certificates of a programme were issued. The email lists their numbers with the holders' initials only.</summary>
public sealed record CertificateBatchIssued : Notification
{
    /// <summary>Creates the notification.</summary>
    /// <param name="programmeName">The programme.</param>
    /// <param name="certificates">The certificates issued, at least one.</param>
    /// <param name="issuedAt">When they were issued.</param>
    /// <exception cref="ArgumentException">The programme name is empty or no certificate is given.</exception>
    public CertificateBatchIssued(string programmeName, IReadOnlyList<IssuedCertificate> certificates, DateTimeOffset issuedAt)
    {
        ProgrammeName = Require.Text(programmeName, nameof(programmeName));
        Certificates = Require.NonEmpty(certificates, nameof(certificates));
        IssuedAt = issuedAt;
    }

    /// <summary>The programme.</summary>
    public string ProgrammeName { get; }

    /// <summary>The certificates issued.</summary>
    public IReadOnlyList<IssuedCertificate> Certificates { get; }

    /// <summary>When they were issued.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <inheritdoc/>
    public override string Kind => "certificate-batch-issued";

    /// <inheritdoc/>
    public override EmailContent Render()
    {
        var count = Certificates.Count.ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<string> list = [.. Certificates.Select(c => $"{c.Number} ({c.HolderInitials})")];
        return EmailLayout.Render(
            Kind,
            $"{count} sertifikat diterbitkan: {ProgrammeName}",
            $"{count} {(Certificates.Count == 1 ? "certificate" : "certificates")} issued: {ProgrammeName}",
            new EmailSection(
                "Sertifikat diterbitkan",
                $"Sebanyak {count} sertifikat telah diterbitkan untuk program {ProgrammeName}.",
                [
                    new("Program", ProgrammeName),
                    new("Jumlah sertifikat", count),
                    new("Diterbitkan pada", WibText.Indonesian(IssuedAt)),
                ],
                "Nomor sertifikat (inisial pemegang)",
                list,
                null),
            new EmailSection(
                "Certificates issued",
                $"{count} {(Certificates.Count == 1 ? "certificate was" : "certificates were")} issued for programme {ProgrammeName}.",
                [
                    new("Programme", ProgrammeName),
                    new("Certificates", count),
                    new("Issued at", WibText.English(IssuedAt)),
                ],
                "Certificate numbers (holder's initials)",
                list,
                null));
    }
}

/// <summary>
/// One issued certificate as an email shows it: its number and the holder's initials, never the name, because an email
/// travels further than the certificate register.
/// </summary>
public sealed partial record IssuedCertificate
{
    /// <summary>Creates the entry.</summary>
    /// <param name="number">The certificate number.</param>
    /// <param name="holderInitials">Initials such as <c>S. R.</c>: one to five capital letters, each followed by a dot.</param>
    /// <exception cref="ArgumentException">The number is empty, or <paramref name="holderInitials"/> are not initials.</exception>
    public IssuedCertificate(string number, string holderInitials)
    {
        Number = Require.Text(number, nameof(number));
        HolderInitials = Require.Text(holderInitials, nameof(holderInitials));
        if (!InitialsPattern().IsMatch(HolderInitials))
        {
            throw new ArgumentException($"'{holderInitials}' are not initials: write one to five capital letters, each followed by a dot and separated by spaces, such as \"S. R.\".", nameof(holderInitials));
        }
    }

    /// <summary>The certificate number.</summary>
    public string Number { get; }

    /// <summary>The holder's initials.</summary>
    public string HolderInitials { get; }

    /// <summary>The entry for a holder known by full name: only the initials of the first five words are kept.</summary>
    /// <exception cref="ArgumentException">The number is empty or the name has no letter.</exception>
    public static IssuedCertificate ForHolder(string number, string holderName)
    {
        var initials = Require.Text(holderName, nameof(holderName))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word.FirstOrDefault(char.IsLetter))
            .Where(letter => letter != default)
            .Take(5)
            .Select(letter => char.ToUpperInvariant(letter) + ".")
            .ToList();
        return initials.Count == 0
            ? throw new ArgumentException("The holder's name has no letter to take initials from.", nameof(holderName))
            : new IssuedCertificate(number, string.Join(' ', initials));
    }

    [GeneratedRegex(@"^\p{Lu}\.( \p{Lu}\.){0,4}$")]
    private static partial Regex InitialsPattern();
}
