using System.Text.Json.Nodes;
using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.EndToEndTests;

/// <summary>The records of both cases as the app's GET endpoints show them after the load.</summary>
[Collection(DemoCasesGroup.Name)]
public sealed class CaseRecordsTests(DemoCasesFixture fixture)
{
    [Fact]
    public async Task Tangerang_Loaded_NinetyParticipantsInThreeTracksOfThirtyAndSixDaysOfAttendance()
    {
        var programme = await fixture.GetAsync($"api/programmes/{fixture.Tangerang.ProgrammeId}");

        Assert.Equal(("FollowUp", "lpp-tangerang", "2023-07-17", "2023-07-22", 90), (Text(programme["stage"]), Text(programme["facilityId"]), Text(programme["startDate"]), Text(programme["endDate"]), programme["participants"]!.GetValue<int>()));
        Assert.Equal(["ditjenpas", "pimti", "ybi"], programme["partnerIds"]!.AsArray().Select(Text).Order().ToArray());
        var tracks = programme["tracks"]!.AsArray();
        Assert.Equal(["batik-cap-tulis", "diversifikasi-batik", "pangan-olahan"], tracks.Select(t => Text(t!["code"])).Order().ToArray());
        Assert.All(tracks, t => Assert.Equal((30, 30), (t!["quota"]!.GetValue<int>(), t["enrolled"]!.GetValue<int>())));

        var participants = (await fixture.GetAsync($"api/programmes/{fixture.Tangerang.ProgrammeId}/participants")).AsArray();
        Assert.Equal(90, participants.Count);
        Assert.All(participants, p => Assert.Equal("Inmate", Text(p!["type"])));
        Assert.Equal(fixture.Tangerang.ParticipantIds.Keys.Order(), participants.Select(p => Text(p!["fullName"])).Order());

        var attendance = (await fixture.GetAsync($"api/programmes/{fixture.Tangerang.ProgrammeId}/attendance")).AsArray();
        Assert.Equal(["2023-07-17", "2023-07-18", "2023-07-19", "2023-07-20", "2023-07-21", "2023-07-22"], attendance.Select(a => Text(a!["date"])).ToArray());
        Assert.Equal([90, 90, 90, 88, 88, 88], attendance.Select(a => a!["present"]!.AsArray().Count).ToArray());
    }

    [Fact]
    public async Task Cipinang_Loaded_LetterParsedAndTwentySixEnrolledInOneBatikTrack()
    {
        var letters = (await fixture.GetAsync("api/letters")).AsArray();
        var letter = letters.Single(l => Text(l!["id"]) == fixture.Cipinang.LetterId)!;
        var number = letter["number"]!;
        Assert.Equal("B-535/IKMA.3/IND/VII/2024", Text(letter["rawNumber"]));
        Assert.Equal(("B", 535, "IKMA.3", "IND", 7, 2024), (Text(number["classification"]), number["serial"]!.GetValue<int>(), Text(number["unit"]), Text(number["ministryCode"]), number["month"]!.GetValue<int>(), number["year"]!.GetValue<int>()));
        Assert.NotNull(letter["documentSha256"]?.GetValue<string>());

        var programme = await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}");
        Assert.Equal(("FollowUp", fixture.Cipinang.LetterId, "bapas-jakarta-timur", "Balai Latihan Kerja (BLK) Lapas Kelas I Cipinang"), (Text(programme["stage"]), Text(programme["letterId"]), Text(programme["probationOfficeId"]), Text(programme["venue"])));
        Assert.Equal(("2024-09-03", "2024-09-07", 26), (Text(programme["startDate"]), Text(programme["endDate"]), programme["tracks"]![0]!["enrolled"]!.GetValue<int>()));

        var participants = (await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/participants")).AsArray();
        Assert.Equal((25, 1), (participants.Count(p => Text(p!["type"]) == "Inmate"), participants.Count(p => Text(p!["type"]) == "Officer")));
        var attendance = (await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/attendance")).AsArray();
        Assert.Equal(5, attendance.Count);
        Assert.All(attendance, a => Assert.Equal(26, a!["present"]!.AsArray().Count));
    }

    [Fact]
    public async Task MouAndSuccessor_Loaded_RenewalAndMinistryChangeLinked()
    {
        var mous = (await fixture.GetAsync("api/mous")).AsArray();
        var earlier = mous.Single(m => Text(m!["number"]) == "DEMO/MOU-IND-KUMHAM/2012")!;
        var renewal = mous.Single(m => Text(m!["number"]) == "DEMO/MOU-IND-KUMHAM/2017")!;
        Assert.Equal(("2017-05-14", Text(renewal["id"])), (Text(earlier["validUntil"]), Text(earlier["renewedByMouId"])));
        Assert.Equal(Text(earlier["id"]), Text(renewal["renewsMouId"]));

        var organisations = (await fixture.GetAsync("api/organisations")).AsArray();
        Assert.Equal("ditjenpas-imipas", Text(organisations.Single(o => Text(o!["id"]) == "ditjenpas")!["successorId"]));
    }

    [Fact]
    public async Task Documents_Uploaded_ListedWithTheSha256OfWhatWasSent()
    {
        foreach (var result in new[] { fixture.Tangerang, fixture.Cipinang })
        {
            var listed = (await fixture.GetAsync($"api/programmes/{result.ProgrammeId}/documents")).AsArray();
            Assert.Equal(
                result.Documents.Select(d => (d.FileName, d.Sha256, (long)d.Content.Length)).Order(),
                listed.Select(d => (Text(d!["fileName"]), Text(d["sha256"]), d["size"]!.GetValue<long>())).Order());
            Assert.Equal(["AttendanceSheet", "Photo", "Report"], listed.Select(d => Text(d!["kind"])).Order().ToArray());
        }
    }

    [Fact]
    public async Task ProgrammeReport_Cipinang_ShowsFullAttendanceAndThreePassed()
    {
        var report = await fixture.GetAsync($"api/programmes/{fixture.Cipinang.ProgrammeId}/report");
        var json = report.ToJsonString();

        Assert.DoesNotContain(fixture.Cipinang.Participants[0].Name, json, StringComparison.Ordinal);
        var track = report["tracks"]!.AsArray().Single()!;
        Assert.Equal((25, 1), (track["inmates"]!.GetValue<int>(), track["officers"]!.GetValue<int>()));
        Assert.Equal((26, 3), (track["assessed"]!.GetValue<int>(), track["passed"]!.GetValue<int>()));
        Assert.Equal(1.0, track["attendanceRate"]!.GetValue<double>(), 3);
        Assert.Equal(3, track["certificatesValid"]!.GetValue<int>());
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();
}
