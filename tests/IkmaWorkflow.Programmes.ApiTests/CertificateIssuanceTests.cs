using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Certificates;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests;

/// <summary>
/// Certificates of a programme driven through the forms to the end of its training week: issue (idempotent, also
/// after a crash), the frozen PDF, public verification, revoke and reissue, and who may do what.
/// </summary>
public sealed class CertificateIssuanceTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RecordStore Store => fixture.Host.App.Services.GetRequiredService<RecordStore>();

    private CertificateIssuer Issuer => fixture.Host.App.Services.GetRequiredService<CertificateIssuer>();

    [Fact]
    public async Task Issue_QualifyingParticipant_StoresFrozenPdfWithNameNumberAndQrCode()
    {
        var week = await TrainedProgrammeAsync(
            ("Budi Santoso", 5, true),
            ("Siti Rahmawati, S.Sos.", 3, true),
            ("Agus Wijaya", 5, null));

        var decisions = await CertificateRules.DecideAsync(Store, week.ProgrammeId, CancellationToken.None);
        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);

        Assert.Equal([true, false, false], week.Ids.Values.Select(id => decisions.Single(d => d.ParticipantId == id).Qualifies).ToArray());
        Assert.Equal(week.End.AddDays(1), issued.IssueDate);
        var blob = Store.CertificateFiles.GetBlobClient($"{week.ProgrammeId}/{issued.Number}.pdf");
        var properties = (await blob.GetPropertiesAsync()).Value;
        var pdf = await CertificateFile.ReadAsync(Store, blob.Name, CancellationToken.None);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), properties.Metadata["sha256"]);
        Assert.Equal(issued.Sha256, properties.Metadata["sha256"]);

        var text = PdfTools.ExtractText(pdf);
        Assert.Contains("Budi Santoso", text, StringComparison.Ordinal);
        Assert.Contains(issued.Number, text, StringComparison.Ordinal);
        Assert.Contains("Direktorat Jenderal Industri Kecil, Menengah dan Aneka", text, StringComparison.Ordinal);
        foreach (var facilityWord in new[] { "Cipinang", "Lapas", "Pemasyarakatan" })
        {
            Assert.DoesNotContain(facilityWord, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal($"http://localhost:7071/api/verify/{issued.Number}", PdfTools.DecodeQrCode(pdf));

        var record = (await Store.Programmes.GetEntityAsync<ParticipantCertificateEntity>(week.ProgrammeId, ParticipantCertificateEntity.Prefix + week.Ids["Budi Santoso"])).Value;
        Assert.Equal((issued.Number, issued.Sha256, blob.Name), (record.Number, record.Sha256, record.BlobName));
    }

    [Fact]
    public async Task Issue_QualifyingParticipant_CountsOnceInCertificatesIssued()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true));
        using var recorder = new Telemetry.TelemetryRecorder();

        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        var again = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);

        Assert.Equal(issued.Number, again.Number);
        var counted = Assert.Single(recorder.Of("ikma.certificates.issued", Programmes.Telemetry.ProgrammeIdTag, week.ProgrammeId));
        Assert.Equal(1, counted.Value);
        Assert.Equal(2, recorder.Spans.Count(s => s.DisplayName == "certificate issue" && (string?)s.GetTagItem(Programmes.Telemetry.ProgrammeIdTag) == week.ProgrammeId));
    }

    [Fact]
    public async Task Verify_IssuedCertificate_AnswersInitialsNotTheNameOrFacility()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true));
        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        using var anyone = Anonymous();

        var response = await anyone.GetAsync($"api/verify/{issued.Number}");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("valid", body["status"]!.GetValue<string>());
        Assert.Equal("B. S.", body["initials"]!.GetValue<string>());
        Assert.Equal(week.Title, body["programmeTitle"]!.GetValue<string>());
        Assert.Equal(("Batik Cap dan Tulis", "Stamped and Hand-Drawn Batik"), (body["trackName"]!.GetValue<string>(), body["trackNameEnglish"]!.GetValue<string>()));
        Assert.Equal((Date(week.Start), Date(week.End), Date(week.End.AddDays(1))), (body["startDate"]!.GetValue<string>(), body["endDate"]!.GetValue<string>(), body["issueDate"]!.GetValue<string>()));
        Assert.Equal("Direktorat Jenderal Industri Kecil, Menengah dan Aneka", body["issuingUnit"]!.GetValue<string>());
        foreach (var secret in new[] { "Budi", "Santoso", "cipinang", week.ProgrammeId, week.Ids["Budi Santoso"] })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        // Typed by hand from the paper: lower case, no hyphens, O for 0 still finds it.
        var typed = issued.Number.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant().Replace('0', 'o');
        var retyped = await anyone.GetAsync($"api/verify/{Uri.EscapeDataString(typed)}");
        Assert.Equal(HttpStatusCode.OK, retyped.StatusCode);
    }

    [Fact]
    public async Task Verify_AskedForHtml_AnswersAnEscapedBilingualPage()
    {
        var week = await TrainedProgrammeAsync("Bimtek <Batik> & \"Tenun\"", ("Budi Santoso", 5, true));
        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        using var phone = Anonymous();
        phone.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await phone.GetAsync($"api/verify/{issued.Number}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Sertifikat sah", html, StringComparison.Ordinal);
        Assert.Contains("Valid certificate", html, StringComparison.Ordinal);
        Assert.Contains("B. S.", html, StringComparison.Ordinal);
        Assert.Contains("Bimtek &lt;Batik&gt; &amp; &quot;Tenun&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Batik>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", html, StringComparison.Ordinal);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task Issue_SameParticipantTwiceAndConcurrently_IssuesOneCertificate()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true));
        var id = week.Ids["Budi Santoso"];

        var concurrent = await Task.WhenAll(Issuer.IssueAsync(week.ProgrammeId, id, CancellationToken.None), Issuer.IssueAsync(week.ProgrammeId, id, CancellationToken.None));
        var again = await Issuer.IssueAsync(week.ProgrammeId, id, CancellationToken.None);

        Assert.Equal(concurrent[0], concurrent[1]);
        Assert.Equal(concurrent[0], again);
        Assert.Single(await CertificatesOfAsync(week.ProgrammeId));
        Assert.Single(await BlobsOfAsync(week.ProgrammeId));
        using var ministry = fixture.As("dg-ikma");
        var list = (await ministry.GetJsonAsync($"api/programmes/{week.ProgrammeId}/certificates"))!.AsArray();
        Assert.Equal(again.Number, Assert.Single(list)!["number"]!.GetValue<string>());
        Assert.Equal("Budi Santoso", list[0]!["holderName"]!.GetValue<string>());
        Assert.Equal("Valid", list[0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Issue_AfterCrashThatReservedANumber_ReusesIt()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true), ("Agus Wijaya", 5, true));

        // A crash right after the reservation: the programme row holds a number, nothing else exists.
        var reserved = CertificateNumber.CreateRandom(week.Start.Year).Value;
        await Store.Programmes.AddEntityAsync(new ParticipantCertificateEntity
        {
            PartitionKey = week.ProgrammeId,
            RowKey = ParticipantCertificateEntity.Prefix + week.Ids["Budi Santoso"],
            Number = reserved,
            BlobName = CertificateEntity.BlobNameOf(week.ProgrammeId, reserved),
        });

        // A crash after the public row: it is pending, so verification does not know the number yet.
        var pending = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Agus Wijaya"], CancellationToken.None);
        var agus = (await Store.Certificates.GetEntityAsync<CertificateEntity>(pending.Number, CertificateEntity.Row)).Value;
        agus.Status = nameof(CertificateStatus.Pending);
        await Store.Certificates.UpdateEntityAsync(agus, agus.ETag);
        var agusRecord = (await Store.Programmes.GetEntityAsync<ParticipantCertificateEntity>(week.ProgrammeId, ParticipantCertificateEntity.Prefix + week.Ids["Agus Wijaya"])).Value;
        agusRecord.Sha256 = string.Empty;
        await Store.Programmes.UpdateEntityAsync(agusRecord, agusRecord.ETag);
        using var anyone = Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"api/verify/{pending.Number}")).StatusCode);

        var budi = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        var resumed = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Agus Wijaya"], CancellationToken.None);

        Assert.Equal(reserved, budi.Number);
        Assert.Equal(pending, resumed);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"api/verify/{reserved}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"api/verify/{resumed.Number}")).StatusCode);
        Assert.Equal(2, (await CertificatesOfAsync(week.ProgrammeId)).Count);
        Assert.Equal(2, (await BlobsOfAsync(week.ProgrammeId)).Count);
    }

    [Fact]
    public async Task Issue_ReservedNumberTakenByAnotherCertificate_DrawsAnotherAndLeavesTheOtherAlone()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true), ("Agus Wijaya", 5, true));
        var budi = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);

        // As if Agus's draw had hit Budi's number: the insert-if-absent of the public row fails and a new number is drawn.
        await Store.Programmes.AddEntityAsync(new ParticipantCertificateEntity
        {
            PartitionKey = week.ProgrammeId,
            RowKey = ParticipantCertificateEntity.Prefix + week.Ids["Agus Wijaya"],
            Number = budi.Number,
            BlobName = CertificateEntity.BlobNameOf(week.ProgrammeId, budi.Number),
        });
        var agus = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Agus Wijaya"], CancellationToken.None);

        Assert.NotEqual(budi.Number, agus.Number);
        var budiRow = (await Store.Certificates.GetEntityAsync<CertificateEntity>(budi.Number, CertificateEntity.Row)).Value;
        Assert.Equal((week.Ids["Budi Santoso"], "B. S.", budi.Sha256), (budiRow.ParticipantId, budiRow.Initials, budiRow.Sha256));
        Assert.Equal(budi.Sha256, Convert.ToHexStringLower(SHA256.HashData(await CertificateFile.ReadAsync(Store, budi.BlobName, CancellationToken.None))));
        Assert.Contains("Agus Wijaya", PdfTools.ExtractText(await CertificateFile.ReadAsync(Store, agus.BlobName, CancellationToken.None)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredPdf_SealedAtRestAndDownloadedAsIssued_AndAClearPdfFromBeforeStillDownloadsUntilTheResealingSealsIt()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true));
        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        using var ministry = fixture.As("dg-ikma");
        var blob = Store.CertificateFiles.GetBlobClient(issued.BlobName);
        var path = $"api/programmes/{week.ProgrammeId}/certificates/{issued.Number}/pdf";

        // At rest: the personal-data envelope, no PDF and no name.
        var raw = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.StartsWith($"{PersonalDataCipher.FilePrefix}{Store.PersonalData.KeyId}:", System.Text.Encoding.Latin1.GetString(raw), StringComparison.Ordinal);
        Assert.DoesNotContain("Budi", System.Text.Encoding.Latin1.GetString(raw), StringComparison.Ordinal);

        // Downloaded: the PDF byte for byte as issued (its SHA-256 recorded at issue).
        var download = await ministry.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(issued.Sha256, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        Assert.Contains("Budi Santoso", PdfTools.ExtractText(pdf), StringComparison.Ordinal);

        // A PDF stored in clear before encryption downloads as it is, and the nightly resealing seals it.
        await blob.UploadAsync(BinaryData.FromBytes(pdf), new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = "application/pdf" },
            Metadata = new Dictionary<string, string> { ["sha256"] = issued.Sha256 },
        });
        Assert.Equal(pdf, await (await ministry.GetAsync(path)).Content.ReadAsByteArrayAsync());
        Assert.True(await PersonalDataResealer.RunAsync(Store, fixture.Host.App.Services.GetRequiredService<Notifications.EmailOutbox>(), TimeProvider.System, CancellationToken.None) >= 1);
        raw = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        Assert.StartsWith(PersonalDataCipher.FilePrefix, System.Text.Encoding.Latin1.GetString(raw), StringComparison.Ordinal);
        Assert.Equal(pdf, await (await ministry.GetAsync(path)).Content.ReadAsByteArrayAsync());
        Assert.Equal(issued.Sha256, (await blob.GetPropertiesAsync()).Value.Metadata[CertificateFile.Sha256Metadata]);
    }

    [Fact]
    public async Task Issue_NotQualifying_RefusedSayingWhyAndStoresNothing()
    {
        var week = await TrainedProgrammeAsync(("Siti Rahmawati, S.Sos.", 3, true), ("Agus Wijaya", 5, false));

        var siti = await Assert.ThrowsAsync<CertificateIssueException>(() => Issuer.IssueAsync(week.ProgrammeId, week.Ids["Siti Rahmawati, S.Sos."], CancellationToken.None));
        var agus = await Assert.ThrowsAsync<CertificateIssueException>(() => Issuer.IssueAsync(week.ProgrammeId, week.Ids["Agus Wijaya"], CancellationToken.None));

        Assert.Equal(CertificateIssueProblem.NotQualifying, siti.Problem);
        Assert.Contains("attended 3 of 5 training days (60%); at least 4 (80%) are required", siti.Message, StringComparison.Ordinal);
        Assert.Contains("hadir 3 dari 5 hari pelatihan", siti.MessageIndonesian, StringComparison.Ordinal);
        Assert.Equal(CertificateIssueProblem.NotQualifying, agus.Problem);
        Assert.Contains("did not pass the assessment", agus.Message, StringComparison.Ordinal);
        Assert.Empty(await CertificatesOfAsync(week.ProgrammeId));
        Assert.Empty(await BlobsOfAsync(week.ProgrammeId));
        Assert.Empty(await RecordsOfAsync(week.ProgrammeId));
    }

    [Fact]
    public async Task Issue_TitleNamingTheFacility_RefusedBeforeTakingANumber()
    {
        var week = await TrainedProgrammeAsync("Bimtek WUB Batik Cipinang", ("Budi Santoso", 5, true));

        var ex = await Assert.ThrowsAsync<CertificateIssueException>(() => Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None));

        Assert.Equal(CertificateIssueProblem.ContentNotPrintable, ex.Problem);
        Assert.Contains("contains 'Cipinang'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await RecordsOfAsync(week.ProgrammeId));
        Assert.Empty(await CertificatesOfAsync(week.ProgrammeId));
    }

    [Fact]
    public async Task Issue_BeforeTheLastTrainingDay_RefusedAsTooEarly()
    {
        var week = await TrainedProgrammeAsync(finishWeek: false, ("Budi Santoso", 5, true));

        var ex = await Assert.ThrowsAsync<CertificateIssueException>(() => Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None));

        Assert.Equal(CertificateIssueProblem.TooEarly, ex.Problem);
        Assert.Contains(Date(week.End), ex.Message, StringComparison.Ordinal);
        Assert.Empty(await RecordsOfAsync(week.ProgrammeId));
    }

    [Fact]
    public async Task Revoke_ByCoordinator_VerificationAnswers410WithDateAndReason()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true));
        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        using var anyone = Anonymous();

        var byFacility = await facility.PostJsonAsync($"api/certificates/{issued.Number}/revoke", new { reason = "Tidak hadir" });
        Assert.Equal(HttpStatusCode.Forbidden, byFacility.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"api/verify/{issued.Number}")).StatusCode);

        var before = fixture.Host.Clock.GetUtcNow();
        var (revoked, revokedBody) = await ministry.PostJsonAsync($"api/certificates/{issued.Number}/revoke", new { reason = "Diterbitkan karena kesalahan data kehadiran" });
        var after = fixture.Host.Clock.GetUtcNow();
        var verify = await anyone.GetAsync($"api/verify/{issued.Number}");
        var problem = JsonNode.Parse(await verify.Content.ReadAsStringAsync())!;
        var again = await ministry.PostJsonAsync($"api/certificates/{issued.Number}/revoke", new { reason = "Sekali lagi" });
        var noReason = await ministry.PostJsonAsync($"api/certificates/{issued.Number}/revoke", new { });

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("Revoked", revokedBody!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, verify.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:certificate-revoked", problem["type"]!.GetValue<string>());
        Assert.Equal("Diterbitkan karena kesalahan data kehadiran", problem["reason"]!.GetValue<string>());
        var revokedAt = DateTimeOffset.Parse(problem["revokedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(revokedAt, before.AddMilliseconds(-1), after.AddMilliseconds(1));
        Assert.Equal(TimeSpan.FromHours(7), revokedAt.Offset);
        Assert.Contains("WIB", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("dicabut pada", problem["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Response.StatusCode);
        Assert.NotNull(noReason.Body!["errors"]!["reason"]);

        using var phone = Anonymous();
        phone.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await phone.GetAsync($"api/verify/{issued.Number}");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("Sertifikat dicabut", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reissue_AfterNameCorrection_RevokesOldAndIssuesNewLinkedBothWays()
    {
        var week = await TrainedProgrammeAsync(("Budi Santosa", 5, true));
        var participantId = week.Ids["Budi Santosa"];
        var old = await Issuer.IssueAsync(week.ProgrammeId, participantId, CancellationToken.None);
        var identity = (await Store.Identities.GetEntityAsync<IdentityEntity>(week.ProgrammeId, participantId)).Value;
        identity.SealedFullName = Store.PersonalData.SealText("Budi Santoso");
        await Store.Identities.UpdateEntityAsync(identity, identity.ETag);
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        using var anyone = Anonymous();

        var byFacility = await facility.PostJsonAsync($"api/certificates/{old.Number}/reissue", new { reason = "Nama salah eja" });
        var (reissued, body) = await ministry.PostJsonAsync($"api/certificates/{old.Number}/reissue", new { reason = "Nama salah eja" });
        var replacement = body!["number"]!.GetValue<string>();
        var oldVerify = await anyone.GetAsync($"api/verify/{old.Number}");
        var oldProblem = JsonNode.Parse(await oldVerify.Content.ReadAsStringAsync())!;
        var newVerify = JsonNode.Parse(await anyone.GetStringAsync($"api/verify/{replacement}"))!;
        var twice = await ministry.PostJsonAsync($"api/certificates/{old.Number}/reissue", new { reason = "Sekali lagi" });

        Assert.Equal(HttpStatusCode.Forbidden, byFacility.Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, reissued.StatusCode);
        Assert.NotEqual(old.Number, replacement);
        Assert.Equal(old.Number, body["replaces"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, oldVerify.StatusCode);
        Assert.Equal(replacement, oldProblem["replacedBy"]!.GetValue<string>());
        Assert.Equal($"Reissued as {replacement}: Nama salah eja", oldProblem["reason"]!.GetValue<string>());
        Assert.Contains($"diganti dengan sertifikat {replacement}", oldProblem["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("valid", old.Number, "B. S."), (newVerify["status"]!.GetValue<string>(), newVerify["replaces"]!.GetValue<string>(), newVerify["initials"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, twice.Response.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:certificate-replaced", twice.Body!["type"]!.GetValue<string>());

        var record = (await Store.Programmes.GetEntityAsync<ParticipantCertificateEntity>(week.ProgrammeId, ParticipantCertificateEntity.Prefix + participantId)).Value;
        Assert.Equal(replacement, record.Number);
        var list = (await ministry.GetJsonAsync($"api/programmes/{week.ProgrammeId}/certificates"))!.AsArray();
        Assert.Equal((replacement, old.Number), (Assert.Single(list)!["number"]!.GetValue<string>(), list[0]!["replaces"]!.GetValue<string>()));

        // The new PDF, fetched by the facility, has the corrected name; the old one stays frozen as issued.
        var download = await facility.GetAsync($"api/programmes/{week.ProgrammeId}/certificates/{replacement}/pdf");
        var pdf = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(record.Sha256, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        var newText = PdfTools.ExtractText(pdf);
        Assert.Contains("Budi Santoso", newText, StringComparison.Ordinal);
        Assert.Contains(replacement, newText, StringComparison.Ordinal);
        Assert.Equal($"http://localhost:7071/api/verify/{replacement}", PdfTools.DecodeQrCode(pdf));
        var oldPdf = await (await ministry.GetAsync($"api/programmes/{week.ProgrammeId}/certificates/{old.Number}/pdf")).Content.ReadAsByteArrayAsync();
        Assert.Contains("Budi Santosa", PdfTools.ExtractText(oldPdf), StringComparison.Ordinal);
        Assert.Equal(2, (await BlobsOfAsync(week.ProgrammeId)).Count);

        // Issuing again for the participant returns the current certificate, not a third one.
        Assert.Equal(replacement, (await Issuer.IssueAsync(week.ProgrammeId, participantId, CancellationToken.None)).Number);
    }

    [Fact]
    public async Task Verify_MistypedOrUnknownNumber_Answers400Or404()
    {
        using var anyone = Anonymous();
        var real = CertificateNumber.Create(2024, 123_456).Value;
        var mistyped = real[..^1] + (real[^1] == '1' ? '2' : '1');

        var check = await anyone.GetAsync($"api/verify/{mistyped}");
        var checkBody = JsonNode.Parse(await check.Content.ReadAsStringAsync())!;
        var shape = await anyone.GetAsync("api/verify/hello");
        var unknown = await anyone.GetAsync($"api/verify/{real}");
        var unknownBody = JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, check.StatusCode);
        Assert.Equal("CheckCharacterMismatch", checkBody["problem"]!.GetValue<string>());
        Assert.Contains("mistyped or two are swapped", checkBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("salah ketik", checkBody["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, shape.StatusCode);
        Assert.Contains("WrongShape", await shape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:certificate-not-found", unknownBody["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Certificates_ReadByOtherOrganisations_OnlyWhatTheyMaySee()
    {
        var week = await TrainedProgrammeAsync(("Budi Santoso", 5, true));
        var issued = await Issuer.IssueAsync(week.ProgrammeId, week.Ids["Budi Santoso"], CancellationToken.None);
        using var ministry = fixture.As("dg-ikma");
        using var foundation = fixture.As("ybi");
        using var partner = fixture.As("ditjenpas");

        // The foundation is a partner of another programme, not of this one.
        var (otherProgramme, _) = await ministry.PostJsonAsync("api/programmes", new { title = $"Bimtek WUB Tenun {Guid.NewGuid():N}", facilityId = "lpp-tangerang", partnerIds = new[] { "ybi" }, year = week.Start.Year });
        Assert.Equal(HttpStatusCode.Created, otherProgramme.StatusCode);

        var foundationList = await foundation.GetAsync($"api/programmes/{week.ProgrammeId}/certificates");
        var foundationPdf = await foundation.GetAsync($"api/programmes/{week.ProgrammeId}/certificates/{issued.Number}/pdf");
        var partnerList = (await partner.GetJsonAsync($"api/programmes/{week.ProgrammeId}/certificates"))!.AsArray();
        var partnerPdf = await partner.GetAsync($"api/programmes/{week.ProgrammeId}/certificates/{issued.Number}/pdf");
        var wrongProgramme = await ministry.GetAsync($"api/programmes/{week.ProgrammeId}x/certificates/{issued.Number}/pdf");
        using var anonymous = Anonymous();
        var noKey = await anonymous.GetAsync($"api/programmes/{week.ProgrammeId}/certificates");

        Assert.Equal(HttpStatusCode.NotFound, foundationList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foundationPdf.StatusCode);
        Assert.Null(Assert.Single(partnerList)!["holderName"]);
        Assert.Equal(week.Ids["Budi Santoso"], partnerList[0]!["participantId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, partnerPdf.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongProgramme.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    private HttpClient Anonymous() => new() { BaseAddress = fixture.Host.BaseAddress };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // 01:00 UTC is 08:00 WIB: the same calendar day in both.
    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);

    private Task<TrainedWeek> TrainedProgrammeAsync(params (string Name, int DaysPresent, bool? Passed)[] participants) =>
        TrainedProgrammeAsync(true, participants);

    private Task<TrainedWeek> TrainedProgrammeAsync(bool finishWeek, params (string Name, int DaysPresent, bool? Passed)[] participants) =>
        TrainedProgrammeAsync($"Bimtek Wirausaha Baru IKM Batik {Guid.NewGuid().ToString("N")[..8]}", finishWeek, participants);

    private Task<TrainedWeek> TrainedProgrammeAsync(string title, params (string Name, int DaysPresent, bool? Passed)[] participants) =>
        TrainedProgrammeAsync(title, true, participants);

    /// <summary>
    /// A programme taken through the forms (letter, plan, enrolment, closing of enrolment) to the day after its
    /// five-day week, with attendance recorded through the form and assessments stored directly (the assessment form
    /// is not part of this API yet). Without <paramref name="finishWeek"/> it stops at enrolment, a month ahead.
    /// </summary>
    private async Task<TrainedWeek> TrainedProgrammeAsync(string title, bool finishWeek, (string Name, int DaysPresent, bool? Passed)[] participants)
    {
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var today = DateOnly.FromDateTime(fixture.Host.Clock.GetUtcNow().UtcDateTime);
        var start = today.AddDays(30);
        var end = start.AddDays(4);
        var year = start.Year;

        var (opened, programme) = await ministry.PostJsonAsync("api/programmes", new
        {
            title,
            facilityId = "lapas-cipinang",
            partnerIds = new[] { "ditjenpas" },
            year,
        }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var programmeId = programme!["id"]!.GetValue<string>();
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(1000)}/IKMA.3/IND/VII/{year}", letterDate = Date(today), issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = year }, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, (await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() })).Response.StatusCode);
        var (planned, _) = await facility.PostJsonAsync($"api/programmes/{programmeId}/plan", new
        {
            startDate = Date(start),
            endDate = Date(end),
            tracks = new[] { new { code = "batik", name = "Batik Cap dan Tulis", nameEnglish = "Stamped and Hand-Drawn Batik", quota = 25 } },
        });
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);

        var csv = "type,track,fullName\n" + string.Concat(participants.Select(p => $"Officer,batik,\"{p.Name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n"));
        var (enrolled, enrolledBody) = await facility.PostCsvAsync($"api/programmes/{programmeId}/participants/csv", csv);
        Assert.True(enrolled.StatusCode == HttpStatusCode.Created, enrolledBody?.ToJsonString());
        var ids = enrolledBody!["participants"]!.AsArray().ToDictionary(p => p!["fullName"]!.GetValue<string>(), p => p!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await facility.PostJsonAsync($"api/programmes/{programmeId}/enrolment/close", new { })).Response.StatusCode);
        var week = new TrainedWeek(programmeId, title, start, end, participants.ToDictionary(p => p.Name, p => ids[p.Name]));
        if (!finishWeek)
        {
            return week;
        }

        fixture.Host.Clock.SetUtcNow(At(end.AddDays(1)));
        for (var day = 0; day < 5; day++)
        {
            var present = participants.Where(p => p.DaysPresent > day).Select(p => ids[p.Name]).ToArray();
            var (recorded, _) = await facility.PostJsonAsync($"api/programmes/{programmeId}/attendance", new { date = Date(start.AddDays(day)), present });
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        }

        foreach (var (name, _, passed) in participants.Where(p => p.Passed is not null))
        {
            await Store.Programmes.AddEntityAsync(new AssessmentEntity
            {
                PartitionKey = programmeId,
                RowKey = AssessmentEntity.Prefix + ids[name],
                Passed = passed!.Value,
                AssessedBy = "ybi",
                AssessedAt = fixture.Host.Clock.GetUtcNow(),
            });
        }

        return week;
    }

    private async Task<List<CertificateEntity>> CertificatesOfAsync(string programmeId)
    {
        var rows = new List<CertificateEntity>();
        await foreach (var row in Store.Certificates.QueryAsync<CertificateEntity>(TableClient.CreateQueryFilter($"ProgrammeId eq {programmeId}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<ParticipantCertificateEntity>> RecordsOfAsync(string programmeId)
    {
        var rows = new List<ParticipantCertificateEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {ParticipantCertificateEntity.Prefix} and RowKey lt {"certificate}"}");
        await foreach (var row in Store.Programmes.QueryAsync<ParticipantCertificateEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<string>> BlobsOfAsync(string programmeId)
    {
        var names = new List<string>();
        await foreach (var blob in Store.CertificateFiles.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, programmeId + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private sealed record TrainedWeek(string ProgrammeId, string Title, DateOnly Start, DateOnly End, Dictionary<string, string> Ids);
}
