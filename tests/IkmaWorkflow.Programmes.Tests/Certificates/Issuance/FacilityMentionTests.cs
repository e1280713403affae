using IkmaWorkflow.Programmes.Certificates.Issuance;

namespace IkmaWorkflow.Programmes.Tests.Certificates.Issuance;

public class FacilityMentionTests
{
    private const string Cipinang = "Lapas Kelas I Cipinang";
    private const string Tangerang = "Lapas Perempuan Kelas IIA Tangerang";

    [Theory]
    [InlineData("Bimtek WUB Batik Lapas Cipinang 2024", Cipinang, "Lapas")]
    [InlineData("Bimtek WUB Batik Cipinang 2024", Cipinang, "Cipinang")]
    [InlineData("Pembinaan Warga Binaan Pemasyarakatan", null, "Pemasyarakatan")]
    [InlineData("Batik training for inmates", null, "inmates")]
    [InlineData("Pangan Olahan (Rutan)", null, "Rutan")]
    [InlineData("Bimtek Batik TANGERANG", Tangerang, "TANGERANG")]
    public void Find_TextNamingPrisonOrFacility_ReturnsTheWord(string text, string? facility, string expected)
    {
        Assert.Equal(expected, FacilityMention.Find(text, facility));
    }

    [Theory]
    [InlineData("Bimtek Wirausaha Baru IKM Batik 2024", Cipinang)]
    [InlineData("Wirausaha Perempuan: Batik Cap", Tangerang)]
    [InlineData("Kelas Batik Tulis", Cipinang)]
    [InlineData("Batik Lapasan", Cipinang)]
    [InlineData("Processed Food", null)]
    public void Find_ProgrammeWording_ReturnsNull(string text, string? facility)
    {
        Assert.Null(FacilityMention.Find(text, facility));
    }
}
