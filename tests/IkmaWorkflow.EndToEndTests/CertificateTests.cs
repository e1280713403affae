using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData.Cases;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>The certificates both cases produced: who got one, the frozen PDFs' text and QR codes, and verification.</summary>
[Collection(DemoCasesGroup.Name)]
public sealed class CertificateTests(DemoCasesFixture fixture)
{
    [Fact]
    public async Task Cipinang_Closed_ExactlyOneOfficerAndTwoInmatesCertified()
    {
        var certificates = (await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/certificates")).AsArray();
        var participants = (await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/participants")).AsArray()
            .ToDictionary(p => p!["id"]!.GetValue<string>(), p => p!["type"]!.GetValue<string>());

        Assert.Equal(3, certificates.Count);
        Assert.All(certificates, c => Assert.Equal("Valid", c!["status"]!.GetValue<string>()));
        Assert.Equal(["Inmate", "Inmate", "Officer"], certificates.Select(c => participants[c!["participantId"]!.GetValue<string>()]).Order().ToArray());
        var passed = fixture.Cipinang.Participants.Where(p => p.Passed).Select(p => fixture.Cipinang.ParticipantIds[p.Name]).Order();
        Assert.Equal(passed, certificates.Select(c => c!["participantId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Tangerang_Closed_EightySevenCertifiedAndTheThreeWhoMissedARuleNot()
    {
        var certificates = (await fixture.GetAsync($"api/programmes/{fixture.Tangerang.ProgrammeId}/certificates")).AsArray();
        var certified = certificates.Select(c => c!["participantId"]!.GetValue<string>()).ToHashSet();

        Assert.Equal(87, certificates.Count);
        var missed = fixture.Tangerang.ParticipantIds.Where(p => !certified.Contains(p.Value)).Select(p => p.Key).Order().ToArray();
        var expected = fixture.Tangerang.Participants.Where(p => p.DaysPresent < 5 || !p.Passed).Select(p => p.Name).Order().ToArray();
        Assert.Equal(3, expected.Length);
        Assert.Equal(expected, missed);
    }

    [Fact]
    public async Task CertificatePdf_Cipinang_NamesHolderProgrammeTrackDatesAndNumberButNotTheFacility()
    {
        var certificates = (await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/certificates")).AsArray();
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        foreach (var certificate in certificates)
        {
            var number = certificate!["number"]!.GetValue<string>();
            var holder = certificate["holderName"]!.GetValue<string>();
            using var response = await fixture.Operator.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/certificates/{number}/pdf");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var pdf = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(certificate["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(pdf)));

            var text = PdfTools.Collapse(PdfTools.ExtractText(pdf));
            Assert.Contains(holder, text, StringComparison.Ordinal);
            Assert.Contains(number, text, StringComparison.Ordinal);
            Assert.Contains(CipinangCase.Title, text, StringComparison.Ordinal);
            Assert.Contains("Batik Tulis dan Cap", text, StringComparison.Ordinal);
            Assert.Contains("3\u20137 September 2024", text, StringComparison.Ordinal);
            foreach (var facilityWord in new[] { "Cipinang", "Lapas", "Pemasyarakatan", "BLK" })
            {
                Assert.DoesNotContain(facilityWord, text, StringComparison.OrdinalIgnoreCase);
            }

            var link = PdfTools.DecodeQrCode(pdf);
            Assert.Equal($"{DemoCasesFixture.PublicBaseUrl}/api/verify/{number}", link);
            var verified = await anonymous.GetAsync(new Uri(link).PathAndQuery.TrimStart('/'));
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            var body = JsonNode.Parse(await verified.Content.ReadAsStringAsync())!;
            Assert.Equal(("valid", Initials(holder), CipinangCase.Title), (body["status"]!.GetValue<string>(), body["initials"]!.GetValue<string>(), body["programmeTitle"]!.GetValue<string>()));
            Assert.DoesNotContain(holder, body.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CertificatePdf_Tangerang_CarriesTheTrackAndTheJulyWeek()
    {
        var certificate = (await fixture.GetAsync($"api/programmes/{fixture.Tangerang.ProgrammeId}/certificates")).AsArray()
            .First(c => c!["track"]!.GetValue<string>() == "pangan-olahan")!;
        var number = certificate["number"]!.GetValue<string>();
        var pdf = await fixture.Operator.GetByteArrayAsync($"api/programmes/{fixture.Tangerang.ProgrammeId}/certificates/{number}/pdf");

        var text = PdfTools.Collapse(PdfTools.ExtractText(pdf));
        Assert.Contains(certificate["holderName"]!.GetValue<string>(), text, StringComparison.Ordinal);
        Assert.Contains("Pangan Olahan", text, StringComparison.Ordinal);
        Assert.Contains("17\u201322 Juli 2023", text, StringComparison.Ordinal);
        Assert.Contains(number, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tangerang", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"{DemoCasesFixture.PublicBaseUrl}/api/verify/{number}", PdfTools.DecodeQrCode(pdf));
    }

    // "Lintang Sidoluhur" → "L. S.": the verification page's form of initials is checked against a name with two words.
    private static string Initials(string name) =>
        string.Join(' ', name.Split(' ').Select(w => string.Create(CultureInfo.InvariantCulture, $"{w[0]}.")));
}
