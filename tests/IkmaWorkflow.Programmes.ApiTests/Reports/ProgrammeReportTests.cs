using System.Net;
using System.Text;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.ApiTests.FollowUps;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.ApiTests.Reports;

/// <summary>
/// The programme report over a programme driven through the forms to the end of its week (two inmates and an officer
/// in one track, 5 training days), with attendance, assessments, certificates and documents written into its records.
/// </summary>
public sealed class ProgrammeReportTests(FollowUpFixture fixture) : IClassFixture<FollowUpFixture>
{
    private const string HostileTrackName = "=HYPERLINK(\"http://evil.example\",\"klik\")";

    [Fact]
    public async Task ProgrammeAsync_RecordedWeek_ExactFiguresPerTrack()
    {
        var (programme, valid, _) = await RecordedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");

        var report = await facility.GetJsonAsync($"api/programmes/{programme.Id}/report");

        Assert.Equal(programme.Id, report!["id"]!.GetValue<string>());
        Assert.Equal("lapas-cipinang", report["facilityId"]!.GetValue<string>());
        Assert.Equal(FollowUpFixture.Text(programme.Start), report["startDate"]!.GetValue<string>());
        Assert.Equal(FollowUpFixture.Text(programme.End), report["endDate"]!.GetValue<string>());
        Assert.Equal("AwaitingClosingReport", report["stage"]!.GetValue<string>());
        Assert.Equal(5, report["trainingDays"]!.GetValue<int>());
        var track = Assert.Single(report["tracks"]!.AsArray())!;
        Assert.Equal("batik", track["code"]!.GetValue<string>());
        Assert.Equal(3, track["enrolled"]!.GetValue<int>());
        Assert.Equal(2, track["inmates"]!.GetValue<int>());
        Assert.Equal(1, track["officers"]!.GetValue<int>());
        Assert.Equal(8, track["daysPresent"]!.GetValue<int>());
        Assert.Equal(0.5333, track["attendanceRate"]!.GetValue<double>());
        Assert.Equal(2, track["assessed"]!.GetValue<int>());
        Assert.Equal(1, track["passed"]!.GetValue<int>());
        Assert.Equal(1, track["certificatesValid"]!.GetValue<int>());
        Assert.Equal(1, track["certificatesRevoked"]!.GetValue<int>());
        Assert.Equal(2, report["documents"]!["Photo"]!.GetValue<int>());
        Assert.Equal(1, report["documents"]!["Report"]!.GetValue<int>());
        Assert.Equal(0, report["documents"]!["AttendanceSheet"]!.GetValue<int>());
        Assert.Equal(0, report["documents"]!["Other"]!.GetValue<int>());
        var inmate = report["participants"]!.AsArray().Single(p => p!["participantId"]!.GetValue<string>() == programme.Inmate)!;
        Assert.Equal(4, inmate["daysPresent"]!.GetValue<int>());
        Assert.Equal(0.8, inmate["attendanceRate"]!.GetValue<double>());
        Assert.Equal(valid, inmate["certificateNumber"]!.GetValue<string>());
        Assert.Equal("Valid", inmate["certificateStatus"]!.GetValue<string>());
        Assert.DoesNotContain("Budi", report.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgrammeAsync_FormatCsv_OneRowPerParticipantWithHostileTextPrefixed()
    {
        var (programme, valid, _) = await RecordedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");

        var response = await ministry.GetAsync($"api/programmes/{programme.Id}/report?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"programme-{programme.Id}-report.csv", response.Content.Headers.ContentDisposition.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal("participantId,type,trackCode,trackName,daysPresent,trainingDays,attendanceRate,passed,certificateNumber,certificateStatus", lines[0]);
        const string track = "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\"";
        Assert.Equal(
            new[]
            {
                $"{programme.Inmate},Inmate,batik,{track},4,5,0.8000,yes,{valid},Valid",
                $"{programme.SecondInmate},Inmate,batik,{track},2,5,0.4000,no,,",
                $"{programme.Officer},Officer,batik,{track},2,5,0.4000,,,",
            }.Order(StringComparer.Ordinal),
            lines[1..4]);
        Assert.Equal(string.Empty, lines[4]);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task ProgrammeAsync_AcceptTextCsv_Csv()
    {
        var (programme, _, _) = await RecordedProgrammeAsync();
        using var facility = fixture.As("lapas-cipinang");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/programmes/{programme.Id}/report");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await facility.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("participantId,type,", Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgrammeAsync_OrganisationNotTakingPart_NotFound()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var foundation = fixture.As("ybi");

        var response = await foundation.GetAsync($"api/programmes/{programme.Id}/report");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ProgrammeAsync_UnknownFormat_BadRequestNamingFormat()
    {
        var programme = await fixture.TrainedProgrammeAsync();
        using var ministry = fixture.As("dg-ikma");

        var (response, body) = await ministry.GetWithBodyAsync($"api/programmes/{programme.Id}/report?format=xlsx");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(body!["errors"]!["format"]);
    }

    /// <summary>
    /// A trained programme with: attendance (day 1 all three, day 2 both inmates, day 3 the first inmate, day 4 no row,
    /// day 5 the first inmate and the officer, and a row the day after the week that must not count); the first inmate
    /// passed, the second failed, the officer not assessed; the first inmate's certificate revoked and reissued; two
    /// photos and a report; and the track renamed to a formula.
    /// </summary>
    private async Task<(TrainedProgramme Programme, string Valid, string Revoked)> RecordedProgrammeAsync()
    {
        var p = await fixture.TrainedProgrammeAsync();
        var table = fixture.Store.Programmes;
        var now = fixture.Host.Clock.GetUtcNow();
        var days = new[]
        {
            (p.Start, new[] { p.Inmate, p.SecondInmate, p.Officer }),
            (p.Start.AddDays(1), new[] { p.Inmate, p.SecondInmate }),
            (p.Start.AddDays(2), new[] { p.Inmate }),
            (p.Start.AddDays(4), new[] { p.Inmate, p.Officer }),
            (p.End.AddDays(1), new[] { p.Inmate, p.SecondInmate, p.Officer }),
        };
        foreach (var (day, present) in days)
        {
            await table.AddEntityAsync(new AttendanceEntity { PartitionKey = p.Id, RowKey = AttendanceEntity.Prefix + FollowUpFixture.Text(day), Present = string.Join(',', present), RecordedBy = "lapas-cipinang", RecordedAt = now });
        }

        await table.AddEntityAsync(new AssessmentEntity { PartitionKey = p.Id, RowKey = AssessmentEntity.Prefix + p.Inmate, Passed = true, Score = 85, AssessedBy = "ybi", AssessedAt = now });
        await table.AddEntityAsync(new AssessmentEntity { PartitionKey = p.Id, RowKey = AssessmentEntity.Prefix + p.SecondInmate, Passed = false, Score = 40, AssessedBy = "ybi", AssessedAt = now });

        var revoked = $"REV-{Guid.NewGuid():N}";
        var valid = $"VAL-{Guid.NewGuid():N}";
        await fixture.Store.EnsureCreatedAsync(CancellationToken.None);
        await fixture.Store.Certificates.AddEntityAsync(new CertificateEntity { PartitionKey = revoked, ProgrammeId = p.Id, ParticipantId = p.Inmate, TrackCode = "batik", Status = nameof(CertificateStatus.Revoked), ReplacedBy = valid, IssuedAt = now });
        await fixture.Store.Certificates.AddEntityAsync(new CertificateEntity { PartitionKey = valid, ProgrammeId = p.Id, ParticipantId = p.Inmate, TrackCode = "batik", Status = nameof(CertificateStatus.Valid), Replaces = revoked, IssuedAt = now });
        await table.AddEntityAsync(new ParticipantCertificateEntity { PartitionKey = p.Id, RowKey = ParticipantCertificateEntity.Prefix + p.Inmate, Number = valid, IssuedAt = now });

        foreach (var kind in new[] { DocumentKind.Photo, DocumentKind.Photo, DocumentKind.Report })
        {
            await table.AddEntityAsync(new DocumentEntity { PartitionKey = p.Id, RowKey = DocumentEntity.Prefix + Guid.NewGuid().ToString("N"), Kind = kind.ToString(), Description = "Dokumentasi", UploadedBy = "lapas-cipinang", UploadedAt = now });
        }

        var track = (await table.GetEntityAsync<TrackEntity>(p.Id, TrackEntity.Prefix + "batik")).Value;
        track.Name = HostileTrackName;
        await table.UpdateEntityAsync(track, track.ETag, TableUpdateMode.Replace);
        return (p, valid, revoked);
    }
}
