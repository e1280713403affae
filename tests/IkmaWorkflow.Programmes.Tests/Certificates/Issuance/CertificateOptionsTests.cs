using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Certificates;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.Programmes.Tests.Certificates.Issuance;

public class CertificateOptionsTests
{
    private static readonly CertificateNumber Number = CertificateNumber.Create(2024, 0);

    [Fact]
    public void FromConfiguration_Unset_VerifiesOnLocalhost()
    {
        var options = CertificateOptions.FromConfiguration(Settings(null));

        Assert.Equal("http://localhost:7071/api/verify/WUB-2024-000000-Z", options.VerificationUrl(Number).AbsoluteUri);
    }

    [Theory]
    [InlineData("https://ikma.example.go.id", "https://ikma.example.go.id/api/verify/WUB-2024-000000-Z")]
    [InlineData("https://ikma.example.go.id/", "https://ikma.example.go.id/api/verify/WUB-2024-000000-Z")]
    [InlineData(" https://example.go.id/sertifikat/ ", "https://example.go.id/sertifikat/api/verify/WUB-2024-000000-Z")]
    public void FromConfiguration_BaseUrl_AppendsTheVerificationPath(string setting, string expected)
    {
        var options = CertificateOptions.FromConfiguration(Settings(setting));

        Assert.Equal(expected, options.VerificationUrl(Number).AbsoluteUri);
    }

    [Theory]
    [InlineData("ikma.example.go.id", "absolute http or https")]
    [InlineData("ftp://ikma.example.go.id", "absolute http or https")]
    [InlineData("https://ikma.example.go.id/?x=1", "query")]
    [InlineData("https://ikma.example.go.id/#top", "query, fragment")]
    [InlineData("https://user@ikma.example.go.id", "user name")]
    public void FromConfiguration_BadBaseUrl_ThrowsNamingTheSetting(string setting, string problem)
    {
        var ex = Assert.Throws<AppSettingException>(() => CertificateOptions.FromConfiguration(Settings(setting)));

        Assert.Equal("Certificates__PublicBaseUrl", ex.Key);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_BaseUrlTooLongForTheQrCode_Throws()
    {
        var fits = "https://example.go.id/" + new string('a', 171 - "https://example.go.id/".Length);
        var tooLong = fits + "a";

        var options = CertificateOptions.FromConfiguration(Settings(fits));
        var ex = Assert.Throws<AppSettingException>(() => CertificateOptions.FromConfiguration(Settings(tooLong)));

        Assert.Equal(CertificateContent.MaxVerificationUrlLength, options.VerificationUrl(Number).AbsoluteUri.Length);
        Assert.Contains("QR code", ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(string? baseUrl) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Certificates:PublicBaseUrl"] = baseUrl })
        .Build();
}
