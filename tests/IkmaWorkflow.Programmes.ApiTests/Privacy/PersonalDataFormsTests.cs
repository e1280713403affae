using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>
/// A person's requests about their personal data over HTTP, in the whole app on Azurite: identity correction (and a
/// reissued certificate carrying the corrected name), the access export and its audit, and erasure.
/// </summary>
public sealed class PersonalDataFormsTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    [Fact]
    public async Task IdentityCorrect_NameAndContactByFacility_StoresThemWithTimeAndOrganisation()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var before = fixture.Host.Clock.GetUtcNow();

        var (response, body) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity", new { fullName = "Budi Santosa", contactConsent = true, contact = "0812-3456-7890" });

        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal(["fullName", "contactConsent", "contact"], body!["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Budi Santosa", body["identity"]!["fullName"]!.GetValue<string>());
        Assert.EndsWith("+07:00", body["identity"]!["correctedAt"]!.GetValue<string>(), StringComparison.Ordinal);
        var row = (await fixture.Store.Identities.GetEntityAsync<IdentityEntity>(programme.Id, programme.Inmate)).Value;
        Assert.Equal(("Budi Santosa", true, "0812-3456-7890", "lapas-cipinang"), (fixture.Store.PersonalData.OpenText(row.SealedFullName), row.ContactConsent, fixture.Store.PersonalData.Open(row.SealedContact), row.CorrectedBy));
        Assert.InRange(row.CorrectedAt!.Value, before, fixture.Host.Clock.GetUtcNow());
        var listed = await facility.GetJsonAsync($"api/programmes/{programme.Id}/participants");
        Assert.Contains(listed!.AsArray(), p => p!["fullName"]!.GetValue<string>() == "Budi Santosa");
        Assert.DoesNotContain(listed.AsArray(), p => p!["fullName"]!.GetValue<string>() == PrivacyScenario.InmateName);

        var (withdrawn, withdrawnBody) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity", new { contactConsent = false });

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(["contactConsent", "contact"], withdrawnBody!["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
        row = (await fixture.Store.Identities.GetEntityAsync<IdentityEntity>(programme.Id, programme.Inmate)).Value;
        Assert.False(row.ContactConsent);
        Assert.Null(row.SealedContact);
        Assert.Equal("Budi Santosa", fixture.Store.PersonalData.OpenText(row.SealedFullName));
    }

    [Fact]
    public async Task IdentityCorrect_BadFields_Answers400NamingEachInBothLanguagesAndStoresNothing()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        var path = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity";

        var (bad, badBody) = await ministry.PostJsonAsync(path, new { fullName = "12345", contact = "0812", contactConsent = false });
        var (empty, emptyBody) = await ministry.PostJsonAsync(path, new { });
        var (noConsent, noConsentBody) = await ministry.PostJsonAsync(path, new { contact = "0812-1111" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var (english, indonesian) = PrivacyScenario.Errors(badBody);
        Assert.Equal(["contact", "fullName"], english.Select(e => e.Key).Order());
        Assert.Equal(["contact", "fullName"], indonesian.Select(e => e.Key).Order());
        Assert.Contains("letter", english["fullName"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("huruf", indonesian["fullName"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(["fullName"], PrivacyScenario.Errors(emptyBody).English.Select(e => e.Key));
        Assert.Equal(HttpStatusCode.BadRequest, noConsent.StatusCode);
        Assert.Equal(["contactConsent"], PrivacyScenario.Errors(noConsentBody).English.Select(e => e.Key));
        var row = (await fixture.Store.Identities.GetEntityAsync<IdentityEntity>(programme.Id, programme.Inmate)).Value;
        Assert.Equal((PrivacyScenario.InmateName, false, null, null), (fixture.Store.PersonalData.OpenText(row.SealedFullName), row.ContactConsent, fixture.Store.PersonalData.Open(row.SealedContact), row.CorrectedBy));
    }

    [Fact]
    public async Task IdentityCorrect_PartnerOrOutsider_Answers403Or404()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var partner = fixture.As("ditjenpas");
        using var outsider = fixture.As("ybi");
        var path = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity";

        var (forbidden, problem) = await partner.PostJsonAsync(path, new { fullName = "Budi Santosa" });
        var (hidden, _) = await outsider.PostJsonAsync(path, new { fullName = "Budi Santosa" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(BilingualProblem.TypePrefix + "forbidden", problem!["type"]!.GetValue<string>());
        Assert.NotNull(problem["indonesian"]!["detail"]);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(PrivacyScenario.InmateName, fixture.Store.PersonalData.OpenText((await fixture.Store.Identities.GetEntityAsync<IdentityEntity>(programme.Id, programme.Inmate)).Value.SealedFullName));
    }

    [Fact]
    public async Task IdentityCorrect_StaleIfMatch_Answers412AndKeepsTheNewerName()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");
        var export = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/personal-data");
        var etag = export!["identity"]!["eTag"]!.GetValue<string>();
        var path = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity";
        Assert.Equal(HttpStatusCode.OK, (await ministry.PostJsonAsync(path, new { fullName = "Budi Santosa" })).Response.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { fullName = "Budi Santoso Wibowo" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await ministry.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("Budi Santosa", fixture.Store.PersonalData.OpenText((await fixture.Store.Identities.GetEntityAsync<IdentityEntity>(programme.Id, programme.Inmate)).Value.SealedFullName));
    }

    [Fact]
    public async Task CertificateReissue_AfterCorrection_PrintsTheCorrectedNameAndNewInitials()
    {
        var (programme, certificate, _) = await PrivacyScenario.CertifiedAsync(fixture);
        using var ministry = fixture.As("dg-ikma");
        Assert.Equal(HttpStatusCode.OK, (await ministry.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity", new { fullName = "Budi Santosa Wibowo" })).Response.StatusCode);

        var (reissued, body) = await ministry.PostJsonAsync($"api/certificates/{certificate.Number}/reissue", new { reason = "Nama salah ketik / misspelt name" });

        Assert.True(reissued.StatusCode == HttpStatusCode.Created, body?.ToJsonString());
        var number = body!["number"]!.GetValue<string>();
        var pdf = (await ministry.GetAsync($"api/programmes/{programme.Id}/certificates/{number}/pdf")).Content;
        var text = PdfTools.ExtractText(await pdf.ReadAsByteArrayAsync());
        Assert.Contains("Budi Santosa Wibowo", text, StringComparison.Ordinal);
        using var anyone = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var verified = await anyone.GetFromJsonAsync<JsonObject>($"api/verify/{number}");
        Assert.Equal("B. S. W.", verified!["initials"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, (await anyone.GetAsync($"api/verify/{certificate.Number}")).StatusCode);
    }

    [Fact]
    public async Task PersonalDataExport_Coordinator_ReturnsEverythingHeldAndRecordsEachExport()
    {
        var (programme, certificate, _) = await PrivacyScenario.CertifiedAsync(fixture);
        await PrivacyScenario.ReleaseAsync(fixture, programme.Id, programme.Inmate, fixture.Today);
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var path = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/personal-data";

        var first = await ministry.GetJsonAsync(path);
        var second = await ministry.GetJsonAsync(path);
        var refused = await facility.GetAsync(path);

        Assert.Equal(programme.Inmate, first!["participantId"]!.GetValue<string>());
        Assert.Equal(PrivacyScenario.InmateName, first["identity"]!["fullName"]!.GetValue<string>());
        Assert.Equal("Inmate", first["participant"]!["type"]!.GetValue<string>());
        Assert.Equal(FollowUpFixture.Text(fixture.Today), first["participant"]!["releaseDate"]!.GetValue<string>());
        Assert.Equal(5, first["attendance"]!["daysPresent"]!.AsArray().Count);
        Assert.Equal(FollowUpFixture.Text(programme.Start), first["attendance"]!["daysPresent"]![0]!.GetValue<string>());
        Assert.Equal(88, first["assessment"]!["score"]!.GetValue<int>());
        Assert.Contains(programme.Inmate, first["assessment"]!["remarks"]!.GetValue<string>(), StringComparison.Ordinal);
        var certificates = first["certificates"]!.AsArray();
        Assert.Equal(certificate.Number, Assert.Single(certificates)!["number"]!.GetValue<string>());
        Assert.Equal("Valid", certificates[0]!["status"]!.GetValue<string>());
        Assert.Equal([1, 6, 12, 24], first["followUps"]!.AsArray().Select(f => f!["months"]!.GetValue<int>()));
        Assert.Equal("dg-ikma", first["exportedBy"]!.GetValue<string>());
        Assert.Equal(["Access"], first["requests"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()));
        Assert.Equal(["Access", "Access"], second!["requests"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()));
        Assert.All(second["requests"]!.AsArray(), r => Assert.Equal("dg-ikma", r!["by"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var logged = await AccessRowsAsync(programme.Id, programme.Inmate);
        Assert.Equal(2, logged.Count);
        Assert.All(logged, r => Assert.Equal(("Access", "dg-ikma"), (r.Kind, r.By)));
    }

    [Fact]
    public async Task PersonalDataErase_ReleasedInmateWithRunningFollowUp_RemovesPersonalDataKeepsCountsAndStopsAsking()
    {
        var (programme, certificate, _) = await PrivacyScenario.CertifiedAsync(fixture);
        var released = fixture.Today;
        await PrivacyScenario.ReleaseAsync(fixture, programme.Id, programme.Inmate, released);
        fixture.MoveTo(released.AddMonths(1));
        await fixture.Scanner.RunAsync(CancellationToken.None);
        var checkpoint = new FollowUpCheckpoint(programme.Id, programme.Inmate, 1);
        await WaitForStatusAsync(checkpoint.InstanceId, s => s == OrchestrationRuntimeStatus.Running);
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var reportBefore = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/report");
        var path = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/erasure";

        var (erased, body) = await ministry.PostJsonAsync(path, new { reference = "Surat permohonan 12/2024" });

        Assert.True(erased.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        var removal = body!["removal"]!;
        Assert.True(removal["identityDeleted"]!.GetValue<bool>());
        Assert.Equal("ErasureRequest", removal["reason"]!.GetValue<string>());
        Assert.Equal(4, removal["checkpointsClosed"]!.GetValue<int>());
        Assert.True(removal["submissionAnswersRedacted"]!.GetValue<int>() >= 1);
        Assert.Equal((certificate.Number, "Valid", true), (removal["certificates"]![0]!["number"]!.GetValue<string>(), removal["certificates"]![0]!["status"]!.GetValue<string>(), removal["certificates"]![0]!["pdfRemoved"]!.GetValue<bool>()));

        // The name and contact are gone everywhere they were held.
        Assert.False((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Inmate)).HasValue);
        var listed = await facility.GetJsonAsync($"api/programmes/{programme.Id}/participants");
        var entry = Assert.Single(listed!.AsArray(), p => p!["id"]!.GetValue<string>() == programme.Inmate)!;
        Assert.Null(entry["fullName"]);
        Assert.True(entry["personalDataRemoved"]!.GetValue<bool>());
        Assert.Null(entry["expectedReleaseMonth"]);
        Assert.DoesNotContain(PrivacyScenario.InmateName, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(PrivacyScenario.SecondInmateName, listed.ToJsonString(), StringComparison.Ordinal);
        var answers = await AnswersMentioningAsync(programme.Inmate);
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.DoesNotContain(PrivacyScenario.InmateName, a, StringComparison.Ordinal));
        Assert.Contains(answers, a => a.Contains(PrivacyScenario.SecondInmateName, StringComparison.Ordinal));
        Assert.Null((await fixture.Store.Programmes.GetEntityAsync<AssessmentEntity>(programme.Id, AssessmentEntity.Prefix + programme.Inmate)).Value.Remarks);

        // The certificate still verifies with initials; its PDF (with the full name) is gone.
        Assert.False((await fixture.Store.CertificateFiles.GetBlobClient(certificate.BlobName).ExistsAsync()).Value);
        using var anyone = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        Assert.Equal("B. S.", (await anyone.GetFromJsonAsync<JsonObject>($"api/verify/{certificate.Number}"))!["initials"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, (await ministry.GetAsync($"api/programmes/{programme.Id}/certificates/{certificate.Number}/pdf")).StatusCode);

        // Reports count the person as before.
        var reportAfter = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/report");
        Assert.Equal(reportBefore!["tracks"]!.ToJsonString(), reportAfter!["tracks"]!.ToJsonString());

        // Nobody is asked about the person any more: open checkpoints closed, the running orchestration ended.
        var rows = await ProgrammeRowsAsync<FollowUpEntity>(programme.Id, $"followup|{programme.Inmate}|");
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(CheckpointStatus.Erased, r.Status));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await WaitForStatusAsync(checkpoint.InstanceId, s => s != OrchestrationRuntimeStatus.Running && s != OrchestrationRuntimeStatus.Pending)).RuntimeStatus);
        var (release, releaseBody) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/release", new { releaseDate = FollowUpFixture.Text(released.AddDays(1)), route = "Parole" });
        Assert.Equal(HttpStatusCode.BadRequest, release.StatusCode);
        Assert.Contains("participantId", PrivacyScenario.Errors(releaseBody).English.Select(e => e.Key));

        // Sending it again changes nothing and logs no second erasure.
        var (again, againBody) = await ministry.PostJsonAsync(path, new { reference = "Surat permohonan 12/2024 (ulang)" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(againBody!["removal"]!["identityDeleted"]!.GetValue<bool>());
        Assert.Equal(0, againBody["removal"]!["checkpointsClosed"]!.GetValue<int>());
        Assert.Equal(removal["removedAt"]!.GetValue<string>(), againBody["removal"]!["removedAt"]!.GetValue<string>());
        var export = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/personal-data");
        Assert.Null(export!["identity"]);
        Assert.Equal(["Erasure", "Access"], export["requests"]!.AsArray().Select(r => r!["kind"]!.GetValue<string>()));
        Assert.Equal("Surat permohonan 12/2024", export["requests"]![0]!["reference"]!.GetValue<string>());
        var (correct, correctBody) = await ministry.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Inmate}/identity", new { fullName = "Budi" });
        Assert.Equal(HttpStatusCode.Conflict, correct.StatusCode);
        Assert.Equal(BilingualProblem.TypePrefix + "personal-data-erased", correctBody!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task PersonalDataErase_WithRevocation_CertificateAnswers410WithTheReason()
    {
        var (programme, _, officerCertificate) = await PrivacyScenario.CertifiedAsync(fixture);
        using var ministry = fixture.As("dg-ikma");

        var (erased, body) = await ministry.PostJsonAsync($"api/programmes/{programme.Id}/participants/{programme.Officer}/erasure", new { revokeCertificates = true });

        Assert.True(erased.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        using var anyone = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var verified = await anyone.GetAsync($"api/verify/{officerCertificate.Number}");
        Assert.Equal(HttpStatusCode.Gone, verified.StatusCode);
        Assert.Contains("Withdrawn at the holder's request", await verified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var report = await ministry.GetJsonAsync($"api/programmes/{programme.Id}/report");
        Assert.Equal(3, report!["tracks"]![0]!["enrolled"]!.GetValue<int>());
        Assert.Equal(1, report["tracks"]![0]!["certificatesRevoked"]!.GetValue<int>());
    }

    [Fact]
    public async Task PersonalDataErase_FacilityOrPartner_Answers403AndKeepsTheName()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var partner = fixture.As("ditjenpas");
        var path = $"api/programmes/{programme.Id}/participants/{programme.Inmate}/erasure";

        Assert.Equal(HttpStatusCode.Forbidden, (await facility.PostJsonAsync(path, new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostJsonAsync(path, new { })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.As("dg-ikma").PostJsonAsync($"api/programmes/{programme.Id}/participants/p-nobody00000/erasure", new { })).Response.StatusCode);
        Assert.True((await fixture.Store.Identities.GetEntityIfExistsAsync<IdentityEntity>(programme.Id, programme.Inmate)).HasValue);
    }

    private async Task<OrchestrationMetadata> WaitForStatusAsync(string instanceId, Func<OrchestrationRuntimeStatus, bool> done)
    {
        OrchestrationMetadata? last = null;
        return await Eventually.GetAsync(
            async () => (last = await fixture.Durable.GetInstanceAsync(instanceId)) is { } instance && done(instance.RuntimeStatus) ? instance : null,
            () => $"Instance {instanceId} did not reach the status; last seen: {last?.RuntimeStatus.ToString() ?? "no instance"}",
            TimeSpan.FromSeconds(60));
    }

    private async Task<List<DataRequestEntity>> AccessRowsAsync(string programmeId, string participantId) =>
        [.. (await ProgrammeRowsAsync<DataRequestEntity>(programmeId, DataRequestEntity.PrefixFor(participantId))).Where(r => r.Kind == "Access")];

    private async Task<List<T>> ProgrammeRowsAsync<T>(string programmeId, string prefix)
        where T : class, ITableEntity, new()
    {
        var rows = new List<T>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programmeId} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
        await foreach (var row in fixture.Store.Programmes.QueryAsync<T>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<string>> AnswersMentioningAsync(string participantId)
    {
        var bodies = new List<string>();
        await foreach (var answer in fixture.Store.Submissions.QueryAsync<SubmissionEntity>())
        {
            if (fixture.Store.PersonalData.Open(answer.Body) is { } text && text.Contains(participantId, StringComparison.Ordinal))
            {
                bodies.Add(text);
            }
        }

        return bodies;
    }
}
