using System.Globalization;
using System.Text;

namespace IkmaWorkflow.Programmes.Certificates;

/// <summary>Everything a certificate shows: what <see cref="CertificatePdf"/> renders and nothing more.</summary>
/// <remarks>
/// There is deliberately no field for the correctional facility: a certificate is issued in the name of the ministry
/// and its programme, so it never shows that its holder was in prison (UU PDP No. 27/2022, criminal-record data).
/// The holder's name appears here and nowhere else in the programme's documents. Texts are single lines; the
/// renderer wraps and shrinks them, within the length limits below, to stay on the page.
/// </remarks>
public sealed record CertificateContent
{
    /// <summary>Longest holder's name, in characters.</summary>
    public const int MaxHolderNameLength = 100;

    /// <summary>Longest programme title, in characters, per language.</summary>
    public const int MaxProgrammeTitleLength = 160;

    /// <summary>Longest track name, in characters, per language.</summary>
    public const int MaxTrackNameLength = 120;

    /// <summary>Longest issuing unit, in characters.</summary>
    public const int MaxIssuingUnitLength = 160;

    /// <summary>Longest place of issue, in characters.</summary>
    public const int MaxPlaceOfIssueLength = 60;

    /// <summary>Longest signatory name or title, in characters.</summary>
    public const int MaxSignatoryLength = 120;

    /// <summary>Longest verification URL, in characters; longer links make the QR code too dense to scan from paper.</summary>
    public const int MaxVerificationUrlLength = 200;

    /// <summary>The certificate's public number.</summary>
    public required CertificateNumber Number { get; init; }

    /// <summary>The holder's full name as it should be printed.</summary>
    public required string HolderName { get; init; }

    /// <summary>The programme title in Indonesian, e.g. <c>Bimbingan Teknis Wirausaha Baru IKM Batik</c>.</summary>
    public required string ProgrammeTitleIndonesian { get; init; }

    /// <summary>The programme title in English, e.g. <c>Technical Guidance for New IKM Entrepreneurs in Batik</c>.</summary>
    public required string ProgrammeTitleEnglish { get; init; }

    /// <summary>The track the holder followed, in Indonesian, e.g. <c>Batik Cap dan Tulis serta Pewarnaan</c>.</summary>
    public required string TrackNameIndonesian { get; init; }

    /// <summary>The track the holder followed, in English.</summary>
    public required string TrackNameEnglish { get; init; }

    /// <summary>The first day of training.</summary>
    public required DateOnly StartDate { get; init; }

    /// <summary>The last day of training, not before <see cref="StartDate"/>.</summary>
    public required DateOnly EndDate { get; init; }

    /// <summary>The ministry unit that issues the certificate, as its official Indonesian name.</summary>
    public required string IssuingUnit { get; init; }

    /// <summary>The city where the certificate is issued, e.g. <c>Jakarta</c>.</summary>
    public required string PlaceOfIssue { get; init; }

    /// <summary>The date of issue, not before <see cref="EndDate"/>; also the PDF's creation date.</summary>
    public required DateOnly IssueDate { get; init; }

    /// <summary>The signatory's name, or <see langword="null"/> for none.</summary>
    public string? SignatoryName { get; init; }

    /// <summary>The signatory's position, or <see langword="null"/> for none.</summary>
    public string? SignatoryTitle { get; init; }

    /// <summary>The public verification link the QR code carries (absolute http or https).</summary>
    public required Uri VerificationUrl { get; init; }

    /// <summary>Checks every field and names each one that is wrong.</summary>
    /// <exception cref="ArgumentException">A field is missing, too long, multi-line or out of order.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (Number is null)
        {
            problems.Add("Number is missing");
        }

        CheckText(problems, nameof(HolderName), HolderName, MaxHolderNameLength, required: true);
        CheckText(problems, nameof(ProgrammeTitleIndonesian), ProgrammeTitleIndonesian, MaxProgrammeTitleLength, required: true);
        CheckText(problems, nameof(ProgrammeTitleEnglish), ProgrammeTitleEnglish, MaxProgrammeTitleLength, required: true);
        CheckText(problems, nameof(TrackNameIndonesian), TrackNameIndonesian, MaxTrackNameLength, required: true);
        CheckText(problems, nameof(TrackNameEnglish), TrackNameEnglish, MaxTrackNameLength, required: true);
        CheckText(problems, nameof(IssuingUnit), IssuingUnit, MaxIssuingUnitLength, required: true);
        CheckText(problems, nameof(PlaceOfIssue), PlaceOfIssue, MaxPlaceOfIssueLength, required: true);
        CheckText(problems, nameof(SignatoryName), SignatoryName, MaxSignatoryLength, required: false);
        CheckText(problems, nameof(SignatoryTitle), SignatoryTitle, MaxSignatoryLength, required: false);

        if (EndDate < StartDate)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"EndDate {EndDate:yyyy-MM-dd} is before StartDate {StartDate:yyyy-MM-dd}"));
        }

        if (IssueDate < EndDate)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"IssueDate {IssueDate:yyyy-MM-dd} is before EndDate {EndDate:yyyy-MM-dd}"));
        }

        if (VerificationUrl is null)
        {
            problems.Add("VerificationUrl is missing");
        }
        else if (!VerificationUrl.IsAbsoluteUri || (VerificationUrl.Scheme != Uri.UriSchemeHttps && VerificationUrl.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"VerificationUrl '{VerificationUrl.OriginalString}' is not an absolute http or https link");
        }
        else if (VerificationUrl.AbsoluteUri.Length > MaxVerificationUrlLength)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"VerificationUrl is longer than {MaxVerificationUrlLength} characters"));
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"The certificate content is invalid: {string.Join("; ", problems)}.");
        }
    }

    private static void CheckText(List<string> problems, string field, string? value, int maxLength, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                problems.Add($"{field} is missing");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is blank");
            return;
        }

        var normalized = value.Normalize(NormalizationForm.FormC);
        if (normalized.Length > maxLength)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{field} has {normalized.Length} characters, more than {maxLength}"));
        }

        if (normalized.Any(char.IsControl))
        {
            problems.Add($"{field} contains a line break or another control character");
        }
    }
}
