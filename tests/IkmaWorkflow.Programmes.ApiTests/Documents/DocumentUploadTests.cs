using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Testing;
using SkiaSharp;

namespace IkmaWorkflow.Programmes.ApiTests.Documents;

/// <summary>
/// Uploads judged by what the file is, not by what its sender calls it: disguised and active files are refused naming
/// the <c>document</c> field, photos lose their location metadata before they are stored, and only coordinators see
/// the programme's photos.
/// </summary>
public sealed class DocumentUploadTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private static readonly byte[] ExifHeader = "Exif\0\0"u8.ToArray();

    [Theory]
    [InlineData("exe-as-photo.jpg", "Photo", "a Windows or DOS executable")]
    [InlineData("html-as-photo.jpg", "Photo", "an HTML page")]
    [InlineData("png-as-letter.pdf", "Report", "a PNG image")]
    [InlineData("javascript.pdf", "Report", "/JavaScript")]
    [InlineData("javascript-in-object-stream.pdf", "Report", "/JavaScript")]
    [InlineData("hex-escaped-js.pdf", "Report", "/JS")]
    [InlineData("launch.pdf", "Report", "/Launch")]
    [InlineData("embedded-file.pdf", "Report", "/EmbeddedFile")]
    [InlineData("macros.docx", "Report", "macros")]
    [InlineData("zip-as.docx", "Report", "no word/ part")]
    [InlineData("latin1.csv", "AttendanceSheet", "not valid UTF-8")]
    [InlineData("nul.csv", "AttendanceSheet", "NUL")]
    [InlineData("report-as-photo.pdf", "Photo", "a photo must be image/jpeg, image/png or image/webp")]
    [InlineData("truncated.jpg", "Photo", "ends before the image does")]
    public async Task Upload_DisguisedOrActiveFile_RefusedNamingDocumentAndStoresNothing(string name, string kind, string english)
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var ministry = fixture.As("dg-ikma");
        var (content, contentType) = Disguised(name);

        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind, description = name, identifiableFaces = false }, content, name, contentType);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body?.ToJsonString());
        Assert.Equal(["document"], body!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains(english, body["errors"]!["document"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(body["indonesianErrors"]!["document"]![0]!.GetValue<string>()));
        Assert.Empty((await ministry.GetJsonAsync($"api/programmes/{programme.Id}/documents"))!.AsArray());
    }

    [Fact]
    public async Task Upload_JpegWithGpsExifAndXmp_StoredWithoutThemAndTheAnswerSaysSo()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var photo = TestFiles.Jpeg(withGpsExif: true, withXmp: true);
        Assert.True(TestFiles.Contains(photo, ExifHeader) && TestFiles.Contains(photo, TestFiles.LatitudeBytes));

        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind = "Photo", description = "Pembukaan", identifiableFaces = true }, photo, "IMG_0001.jpg", "image/jpeg");

        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal(["Exif", "Xmp"], Removed(body!).Select(r => r!["part"]!.GetValue<string>()));
        Assert.Contains("GPS location", Removed(body)[0]!["english"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("lokasi GPS", Removed(body)[0]!["indonesian"]!.GetValue<string>(), StringComparison.Ordinal);
        var stored = await StoredAsync(programme.Id, body);
        Assert.False(TestFiles.Contains(stored, ExifHeader));
        Assert.False(TestFiles.Contains(stored, TestFiles.LatitudeBytes));
        Assert.False(TestFiles.Contains(stored, "xmpmeta"u8));
        Assert.Equal(photo.Length - stored.Length, ExifSegmentLength(photo));
        using var image = SKBitmap.Decode(stored);
        Assert.Equal((8, 8), (image.Width, image.Height));
    }

    [Fact]
    public async Task Upload_JpegWithDataAfterItsEnd_StoredWithoutTheTrailer()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var photo = TestFiles.Jpeg(withGpsExif: false, trailer: TestFiles.Html());

        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind = "Photo", description = "Karya batik", identifiableFaces = false }, photo, "karya.jpg", "image/jpeg");

        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal(["TrailingData"], Removed(body!).Select(r => r!["part"]!.GetValue<string>()));
        Assert.Equal(TestFiles.Jpeg(withGpsExif: false), await StoredAsync(programme.Id, body));
    }

    [Fact]
    public async Task Upload_PngWithExifChunk_StoredWithoutIt()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var photo = TestFiles.Png(withGpsExif: true);

        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind = "Photo", description = "Kain batik", identifiableFaces = false }, photo, "kain.png", "image/png");

        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal(["Exif"], Removed(body!).Select(r => r!["part"]!.GetValue<string>()));
        var stored = await StoredAsync(programme.Id, body);
        Assert.Equal(TestFiles.Png(withGpsExif: false), stored);
        using var image = SKBitmap.Decode(stored);
        Assert.Equal(new SKColor(0xFF, 0, 0), image.GetPixel(0, 0));
    }

    [Fact]
    public async Task Upload_WebPWithExifChunk_StoredWithoutItAndItsFlag()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var photo = TestFiles.WebP(withGpsExif: true);
        using (var original = SKBitmap.Decode(photo))
        {
            Assert.Equal(new SKColor(0xFF, 0, 0), original.GetPixel(0, 0));
        }

        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind = "Photo", description = "Kain batik", identifiableFaces = false }, photo, "kain.webp", "image/webp");

        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal(["Exif"], Removed(body!).Select(r => r!["part"]!.GetValue<string>()));
        var stored = await StoredAsync(programme.Id, body);
        Assert.Equal(TestFiles.WebP(withGpsExif: false), stored);
        using var image = SKBitmap.Decode(stored);
        Assert.Equal(new SKColor(0xFF, 0, 0), image.GetPixel(0, 0));
    }

    [Theory]
    [InlineData("pembukaan.jpg", "Photo", "image/jpeg")]
    [InlineData("kain.png", "Photo", "image/png")]
    [InlineData("kain.webp", "Photo", "image/webp")]
    [InlineData("laporan.pdf", "Report", "application/pdf")]
    [InlineData("laporan.docx", "Report", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("daftar-hadir.csv", "AttendanceSheet", "text/csv")]
    [InlineData("catatan.txt", "Other", "text/plain")]
    public async Task Upload_FileThatIsWhatItSays_StoredAsSent(string name, string kind, string contentType)
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var content = name switch
        {
            "pembukaan.jpg" => TestFiles.Jpeg(withGpsExif: false),
            "kain.png" => TestFiles.Png(withGpsExif: false),
            "kain.webp" => TestFiles.WebP(withGpsExif: false),
            "laporan.pdf" => TestFiles.Pdf(),
            "laporan.docx" => TestFiles.Docx(),
            "daftar-hadir.csv" => Encoding.UTF8.GetBytes("\uFEFFpeserta;hari\np-abc;5 dari 5 hari\n"),
            _ => Encoding.UTF8.GetBytes("Catatan: peserta hadir tepat waktu.\n"),
        };

        var (response, body) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind, description = name, identifiableFaces = false }, content, name, contentType);

        Assert.True(response.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Empty(Removed(body!));
        Assert.Equal(content, await StoredAsync(programme.Id, body));
    }

    [Fact]
    public async Task RegisterMouAndLetter_FileNotAPdfOrWithJavaScript_RefusedNamingDocument()
    {
        using var ministry = fixture.As("dg-ikma");
        object Mou() => new
        {
            number = $"MOU-{Guid.NewGuid():N}"[..20],
            title = "Pembinaan wirausaha warga binaan",
            partyIds = new[] { "dg-ikma", "ditjenpas" },
            signedOn = FollowUpFixture.Text(fixture.Today),
            validFrom = FollowUpFixture.Text(fixture.Today),
            validUntil = FollowUpFixture.Text(fixture.Today.AddYears(5)),
            scope = "Pelatihan",
        };
        object Letter() => new { number = $"B-{RandomNumberGenerator.GetInt32(100_000)}/IKMA.3/IND/VII/{fixture.Today.Year}", letterDate = FollowUpFixture.Text(fixture.Today), issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = fixture.Today.Year };

        var (pngMou, pngMouBody) = await ministry.PostMultipartAsync("api/mous", Mou(), TestFiles.Png(withGpsExif: false), "mou.pdf", "application/pdf");
        var (jsMou, jsMouBody) = await ministry.PostMultipartAsync("api/mous", Mou(), TestFiles.Pdf("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "), "mou.pdf", "application/pdf");
        var (photoLetter, photoLetterBody) = await ministry.PostMultipartAsync("api/letters", Letter(), TestFiles.Jpeg(withGpsExif: true), "surat.jpg", "image/jpeg");
        var (exeLetter, exeLetterBody) = await ministry.PostMultipartAsync("api/letters", Letter(), TestFiles.Executable(), "surat.pdf", "application/pdf");
        var (goodMou, goodMouBody) = await ministry.PostMultipartAsync("api/mous", Mou(), TestFiles.Pdf(), "mou.pdf", "application/pdf");

        Assert.Contains("a PNG image", Refusal(pngMou, pngMouBody), StringComparison.Ordinal);
        Assert.Contains("/JavaScript", Refusal(jsMou, jsMouBody), StringComparison.Ordinal);
        Assert.Contains("must be application/pdf", Refusal(photoLetter, photoLetterBody), StringComparison.Ordinal);
        Assert.Contains("a Windows or DOS executable", Refusal(exeLetter, exeLetterBody), StringComparison.Ordinal);
        Assert.True(goodMou.StatusCode == HttpStatusCode.Created, goodMouBody?.ToJsonString());
    }

    [Fact]
    public async Task List_Photos_ShownToCoordinatorsOnly()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var (photo, photoBody) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind = "Photo", description = "Peserta membatik", identifiableFaces = true }, TestFiles.Jpeg(withGpsExif: false), "peserta.jpg", "image/jpeg");
        var (report, reportBody) = await facility.PostMultipartAsync($"api/programmes/{programme.Id}/documents", new { kind = "Report", description = "Laporan harian" }, TestFiles.Pdf(), "laporan.pdf", "application/pdf");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (photo.StatusCode, report.StatusCode));

        foreach (var organisation in new[] { "lapas-cipinang", "ditjenpas", "bapas-jakarta-timur" })
        {
            using var client = fixture.As(organisation);
            var listed = (await client.GetJsonAsync($"api/programmes/{programme.Id}/documents"))!.AsArray();
            Assert.Equal([reportBody!["id"]!.GetValue<string>()], listed.Select(d => d!["id"]!.GetValue<string>()));
        }

        using var ministry = fixture.As("dg-ikma");
        var seen = (await ministry.GetJsonAsync($"api/programmes/{programme.Id}/documents"))!.AsArray();
        Assert.Equal(
            new[] { photoBody!["id"]!.GetValue<string>(), reportBody!["id"]!.GetValue<string>() }.Order(StringComparer.Ordinal),
            seen.Select(d => d!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private static (byte[] Content, string ContentType) Disguised(string name) => name switch
    {
        "exe-as-photo.jpg" => (TestFiles.Executable(), "image/jpeg"),
        "html-as-photo.jpg" => (TestFiles.Html(), "image/jpeg"),
        "png-as-letter.pdf" => (TestFiles.Png(withGpsExif: false), "application/pdf"),
        "javascript.pdf" => (TestFiles.Pdf("/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> "), "application/pdf"),
        "javascript-in-object-stream.pdf" => (TestFiles.PdfWithJavaScriptInObjectStream(), "application/pdf"),
        "hex-escaped-js.pdf" => (TestFiles.Pdf("/OpenAction << /S /#4Aava#53cript /#4A#53 (app.alert\\(1\\)) >> "), "application/pdf"),
        "launch.pdf" => (TestFiles.Pdf("/OpenAction << /S /Launch /F (cmd.exe) >> "), "application/pdf"),
        "embedded-file.pdf" => (TestFiles.Pdf("/Names << /EmbeddedFiles << /Names [(a.exe) << /Type /Filespec /EF << /F 9 0 R >> >>] >> >> "), "application/pdf"),
        "macros.docx" => (TestFiles.Docx(withMacros: true), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "zip-as.docx" => (TestFiles.Zip(new Dictionary<string, string> { ["readme.txt"] = "not a document" }), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "latin1.csv" => (Encoding.Latin1.GetBytes("nama;kelas\nAndré;batik\n"), "text/csv"),
        "nul.csv" => ([.. "nama;kelas\n"u8, 0, .. "batik\n"u8], "text/csv"),
        "report-as-photo.pdf" => (TestFiles.Pdf(), "application/pdf"),
        "truncated.jpg" => (TestFiles.Jpeg(withGpsExif: false)[..40], "image/jpeg"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such test file."),
    };

    private static string Refusal(HttpResponseMessage response, JsonNode? body)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body?.ToJsonString());
        Assert.Equal(["document"], body!["errors"]!.AsObject().Select(e => e.Key));
        Assert.False(string.IsNullOrWhiteSpace(body["indonesianErrors"]!["document"]![0]!.GetValue<string>()));
        return body["errors"]!["document"]![0]!.GetValue<string>();
    }

    private static JsonArray Removed(JsonNode? body) => body!["removed"]!.AsArray();

    // The APP1 segments the builder adds: marker, length and data of each.
    private static int ExifSegmentLength(byte[] jpeg)
    {
        var total = 0;
        for (var at = 2; jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA;)
        {
            var length = (jpeg[at + 2] << 8) | jpeg[at + 3];
            total += jpeg[at + 1] == 0xE1 ? length + 2 : 0;
            at += length + 2;
        }

        return total;
    }

    // The stored file, checked against the size and SHA-256 the answer reports.
    private async Task<byte[]> StoredAsync(string programmeId, JsonNode? body)
    {
        Assert.NotNull(body);
        var entity = (await fixture.Store.Programmes.GetEntityAsync<DocumentEntity>(programmeId, DocumentEntity.Prefix + body["id"]!.GetValue<string>())).Value;
        var stored = (await fixture.Store.Documents.GetBlobClient(entity.BlobName).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), body["sha256"]!.GetValue<string>());
        Assert.Equal(stored.Length, body["size"]!.GetValue<long>());
        return stored;
    }
}
