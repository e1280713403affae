using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.Telemetry;

/// <summary>The app's own metrics and spans (docs/telemetry.md), heard in-process as an OpenTelemetry provider hears them.</summary>
public sealed class TelemetryTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Form_Applied_CountsOnceAndItsSpanCarriesTheProgrammeAndItsOrchestration()
    {
        using var recorder = new TelemetryRecorder();
        using var ministry = fixture.As("dg-ikma");
        var programmeId = await OpenAsync(ministry);
        var year = fixture.Host.Clock.GetUtcNow().Year;
        var (_, letter) = await ministry.PostJsonAsync("api/letters", new { number = $"B-{RandomNumberGenerator.GetInt32(1000)}/IKMA.3/IND/VII/{year}", letterDate = $"{year}-07-01", issuerId = "dg-ikma", facilityIds = new[] { "lapas-cipinang" }, coveredYear = year }, idempotencyKey: Guid.NewGuid().ToString());
        var key = Guid.NewGuid().ToString();

        var (attached, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter!["id"]!.GetValue<string>() }, idempotencyKey: key);
        var (replayed, _) = await ministry.PostJsonAsync($"api/programmes/{programmeId}/letter", new { letterId = letter["id"]!.GetValue<string>() }, idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        var counted = recorder.Of("ikma.forms.submitted", Programmes.Telemetry.ProgrammeIdTag, programmeId);
        var measured = Assert.Single(counted);
        Assert.Equal(1, measured.Value);
        Assert.Equal("POST programmes/{id}/letter", measured.Tags[Programmes.Telemetry.FormTag]);
        Assert.Contains(recorder.Of("ikma.forms.submitted", Programmes.Telemetry.FormTag, "POST programmes"), m => m.Value == 1);

        var span = await Eventually.GetAsync(
            () => Task.FromResult(recorder.Spans.FirstOrDefault(s => s.DisplayName == "form POST programmes/{id}/letter" && (string?)s.GetTagItem(Programmes.Telemetry.ProgrammeIdTag) == programmeId)),
            () => $"No form span for programme {programmeId}; spans: {string.Join(", ", recorder.Spans.Select(s => s.DisplayName))}");
        Assert.Equal($"programme-{programmeId}", span.GetTagItem(Programmes.Telemetry.InstanceIdTag));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Programme_Opened_ItsOrchestrationsActivitiesHaveSpansCarryingTheProgrammeAndItsOrchestration()
    {
        using var recorder = new TelemetryRecorder();
        using var ministry = fixture.As("dg-ikma");

        var programmeId = await OpenAsync(ministry);

        // The orchestration reads its programme, then announces the stage: both activities under the programme's tags.
        foreach (var activity in new[] { "activity ReadProgramme", "activity NotifyProgramme" })
        {
            var span = await Eventually.GetAsync(
                () => Task.FromResult(recorder.Spans.FirstOrDefault(s => s.DisplayName == activity && (string?)s.GetTagItem(Programmes.Telemetry.ProgrammeIdTag) == programmeId)),
                () => $"No span {activity} for programme {programmeId}; spans: {string.Join(", ", recorder.Spans.Select(s => s.DisplayName).Distinct())}");
            Assert.Equal($"programme-{programmeId}", span.GetTagItem(Programmes.Telemetry.InstanceIdTag));
        }
    }

    [Fact]
    public async Task Email_Sent_CountsInEmailsSentWithItsSpan()
    {
        using var recorder = new TelemetryRecorder();
        var outbox = fixture.Host.App.Services.GetRequiredService<EmailOutbox>();
        var dedupeKey = $"telemetry-test/{Guid.NewGuid():N}";

        var queued = await outbox.EnqueueAsync(
            new EmailContent("TelemetryTest", "Uji telemetri / Telemetry test", "Isi / Body", "<p>Isi / Body</p>"),
            [new EmailRecipient("koordinator@kemenperin.example.go.id", "Koordinator")],
            dedupeKey,
            CancellationToken.None);
        await Eventually.TrueAsync(
            async () => (await outbox.GetAsync(queued.Id, CancellationToken.None))?.Status == EmailStatus.Sent,
            $"Email {queued.Id} was not sent.");

        Assert.True(recorder.Total("ikma.emails.sent") >= 1, "ikma.emails.sent did not grow");
        var span = await Eventually.GetAsync(
            () => Task.FromResult(recorder.Spans.FirstOrDefault(s => s.DisplayName == "email send" && (string?)s.GetTagItem("ikma.email.id") == queued.Id)),
            () => $"No email span for {queued.Id}.");
        Assert.Equal("Delivered", span.GetTagItem("ikma.email.outcome"));
    }

    private async Task<string> OpenAsync(HttpClient ministry)
    {
        var (opened, body) = await ministry.PostJsonAsync("api/programmes", new
        {
            title = $"Bimtek Telemetri {Guid.NewGuid():N}",
            facilityId = "lapas-cipinang",
            partnerIds = new[] { "ditjenpas" },
            year = fixture.Host.Clock.GetUtcNow().Year,
        });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        return body!["id"]!.GetValue<string>();
    }
}
