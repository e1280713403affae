using System.Net;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Privacy;

/// <summary>Drives a programme far enough to hold every kind of personal data: attendance, assessments with remarks, certificates.</summary>
internal static class PrivacyScenario
{
    public const string InmateName = "Budi Santoso";
    public const string SecondInmateName = "Agus Wijaya";
    public const string OfficerName = "Siti Rahmawati";

    /// <summary>
    /// A trained programme (<see cref="FollowUpFixture.TrainedProgrammeAsync"/>) where everyone attended all five days
    /// and passed with remarks, and the first inmate and the officer hold certificates.
    /// </summary>
    public static async Task<(TrainedProgramme Programme, IssuedCertificate InmateCertificate, IssuedCertificate OfficerCertificate)> CertifiedAsync(FollowUpFixture fixture)
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        var everyone = new[] { programme.Inmate, programme.SecondInmate, programme.Officer };
        for (var day = programme.Start; day <= programme.End; day = day.AddDays(1))
        {
            var (recorded, _) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/attendance", new { date = FollowUpFixture.Text(day), present = everyone });
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        }

        var (assessed, body) = await facility.PostJsonAsync($"api/programmes/{programme.Id}/assessments", new
        {
            results = everyone.Select(id => new { participantId = id, passed = true, score = 88, remarks = $"Rapi dan tekun ({id})" }).ToArray(),
        });
        Assert.True(assessed.StatusCode == HttpStatusCode.OK, body?.ToJsonString());

        var issuer = fixture.Host.App.Services.GetRequiredService<CertificateIssuer>();
        var inmate = await issuer.IssueAsync(programme.Id, programme.Inmate, CancellationToken.None);
        var officer = await issuer.IssueAsync(programme.Id, programme.Officer, CancellationToken.None);
        return (programme, inmate, officer);
    }

    /// <summary>Reports the release of <paramref name="participantId"/> on <paramref name="date"/> (parole).</summary>
    public static async Task ReleaseAsync(FollowUpFixture fixture, string programmeId, string participantId, DateOnly date)
    {
        using var facility = fixture.As("lapas-cipinang");
        var (response, body) = await facility.PostJsonAsync($"api/programmes/{programmeId}/participants/{participantId}/release", new { releaseDate = FollowUpFixture.Text(date), route = "Parole" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
    }

    /// <summary>
    /// Puts the programme at <paramref name="stage"/> in its records, as certification does when it moves a programme to
    /// <c>FollowUp</c>: the retention purge removes nobody of a programme still running.
    /// </summary>
    public static async Task SetStageAsync(FollowUpFixture fixture, string programmeId, ProgrammeStage stage)
    {
        var row = (await fixture.Store.Programmes.GetEntityAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row)).Value;
        row.Stage = stage.ToString();
        await fixture.Store.Programmes.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);
    }

    /// <summary>The English and Indonesian field errors of a 400 answer.</summary>
    public static (JsonObject English, JsonObject Indonesian) Errors(JsonNode? problem)
    {
        Assert.NotNull(problem);
        return (problem["errors"]!.AsObject(), problem["indonesianErrors"]!.AsObject());
    }
}
