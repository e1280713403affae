using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>
/// Certificate settings (section <c>Certificates</c>, in app settings <c>Certificates__Key</c>), read and checked at
/// start-up.
/// </summary>
public sealed class CertificateOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Certificates";

    /// <summary>The app setting of <see cref="PublicBaseUrl"/> as written in app settings.</summary>
    public const string PublicBaseUrlSetting = SectionName + "__" + nameof(PublicBaseUrl);

    /// <summary>The path under <see cref="PublicBaseUrl"/> that verifies a number.</summary>
    public const string VerificationPath = "/api/verify/";

    // The longest number (WUB-yyyy-XXXXXX-C) after the verification path must still fit the QR code's URL limit.
    private static readonly int MaxBaseUrlLength = CertificateContent.MaxVerificationUrlLength - VerificationPath.Length - "WUB-2024-000000-Z".Length;

    private CertificateOptions(Uri publicBaseUrl) => PublicBaseUrl = publicBaseUrl;

    /// <summary>
    /// Where the public reaches the app, such as <c>https://ikma.kemenperin.go.id</c>: the QR code on every
    /// certificate links to <c>{PublicBaseUrl}/api/verify/{number}</c>, so it must stay reachable for as long as
    /// certificates are checked. Absolute http or https, without query or fragment. Default <c>http://localhost:7071</c>.
    /// </summary>
    public Uri PublicBaseUrl { get; }

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="AppSettingException">The base URL is not usable; the message names the setting.</exception>
    public static CertificateOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[$"{SectionName}:{nameof(PublicBaseUrl)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new CertificateOptions(new Uri("http://localhost:7071"));
        }

        text = text.Trim().TrimEnd('/');
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new AppSettingException(PublicBaseUrlSetting, $"\"{text}\" is not an absolute http or https address; set the address the public reaches the app at, such as https://ikma.example.go.id.");
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new AppSettingException(PublicBaseUrlSetting, $"\"{text}\" must not carry a query, fragment or user name: certificates append /api/verify/<number> to it.");
        }

        var length = url.AbsoluteUri.TrimEnd('/').Length;
        if (length > MaxBaseUrlLength)
        {
            throw new AppSettingException(PublicBaseUrlSetting, $"\"{text}\" has {length} characters; at most {MaxBaseUrlLength} keep the certificate's QR code scannable.");
        }

        return new CertificateOptions(url);
    }

    /// <summary>The public verification link of <paramref name="number"/>.</summary>
    public Uri VerificationUrl(CertificateNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return new Uri(PublicBaseUrl.AbsoluteUri.TrimEnd('/') + VerificationPath + number.Value);
    }
}
