using System.Text;
using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>The inputs of docs/bad-inputs.md, one per row, under the row's case name.</summary>
internal static class BadInputCases
{
    private const string Boundary = "bad-input-boundary";

    private static readonly string ValidLetter = """{"number":"B-536/IKMA.3/IND/VII/2024","letterDate":"2024-07-16","issuerId":"dg-ikma","facilityIds":["lapas-cipinang"],"coveredYear":2024}""";

    private static readonly string ValidMou = """{"number":"KB.02/M-IND/2024","title":"Kerja sama pelatihan","partyIds":["dg-ikma","ditjenpas"],"signedOn":"2024-02-01","validFrom":"2024-02-01","validUntil":"2029-01-31","scope":"Bimbingan teknis"}""";

    private static readonly string ValidProgramme = """{"title":"Bimtek masukan buruk","facilityId":"lapas-cipinang","year":2024}""";

    public static IReadOnlyDictionary<string, Func<BadInputFixture, Task<(int Status, JsonNode? Body)>>> All { get; } =
        new Dictionary<string, Func<BadInputFixture, Task<(int Status, JsonNode? Body)>>>(StringComparer.Ordinal)
        {
            // Item 3: bodies bounded by what the form needs; the CSV read row by row after the programme is checked.
            ["csv-25mb-declared"] = s => Csv(s, s.Facility, s.EnrollingId, new GeneratedCsvContent(1_000_000, declareLength: true)),
            ["csv-25mb-chunked"] = s => Csv(s, s.Facility, s.EnrollingId, new GeneratedCsvContent(1_000_000, declareLength: false)),
            ["csv-25mb-no-programme"] = s => Csv(s, s.Facility, "prg-nosuchprog", new GeneratedCsvContent(1_000_000, declareLength: true)),
            ["csv-no-programme"] = s => Csv(s, s.Facility, "prg-nosuchprog", "type,track,fullName\nOfficer,batik,Ani\nOfficer,batik,Budi\n"),
            ["csv-100-rows"] = s => Csv(s, s.Facility, s.EnrollingId, new GeneratedCsvContent(100, declareLength: true)),
            ["json-2mb"] = s => Json(s, s.Ministry, "api/programmes", $$"""{"title":"{{new string('x', 2 * 1024 * 1024)}}","facilityId":"lapas-cipinang","year":2024}"""),
            ["letter-26mb-document"] = s => Multipart(s, s.Ministry, "api/letters", Part("data", ValidLetter, "application/json") + Part("document", new string('x', 26 * 1024 * 1024), "application/pdf", "letter.pdf") + End()),
            ["json-form-as-multipart"] = s => Multipart(s, s.Ministry, "api/programmes", Part("data", ValidProgramme, "application/json") + Part("document", "%PDF-1.4", "application/pdf", "a.pdf") + End()),

            // Item 4: multipart without a boundary or cut off, on every multipart form; a body cut off on the wire.
            ["multipart-no-boundary"] = s => Send(s, s.Ministry, "api/letters", Encoding.UTF8.GetBytes(Part("data", ValidLetter, "application/json") + End()), "multipart/form-data"),
            ["multipart-cut-off-letter"] = s => Multipart(s, s.Ministry, "api/letters", Part("data", ValidLetter, "application/json") + CutFile("letter.pdf", "application/pdf")),
            ["multipart-cut-off-mou"] = s => Multipart(s, s.Ministry, "api/mous", Part("data", ValidMou, "application/json") + CutFile("mou.pdf", "application/pdf")),
            ["multipart-cut-off-document"] = s => Multipart(s, s.Facility, $"api/programmes/{s.EnrollingId}/documents", Part("data", """{"kind":"Photo","description":"Pembukaan","identifiableFaces":false}""", "application/json") + CutFile("photo.jpg", "image/jpeg")),
            ["multipart-cut-off-csv"] = s => Multipart(s, s.Facility, $"api/programmes/{s.EnrollingId}/participants/csv", CutFile("peserta.csv", "text/csv")),
            ["multipart-unknown-part"] = s => Multipart(s, s.Ministry, "api/letters", Part("data", ValidLetter, "application/json") + Part("notes", "penting", "text/plain") + End()),
            ["multipart-data-twice"] = s => Multipart(s, s.Ministry, "api/letters", Part("data", ValidLetter, "application/json") + Part("data", ValidLetter, "application/json") + End()),
            ["body-cut-off"] = s => s.SendRawAsync(s.Ministry, "POST", "api/programmes", "application/json", Encoding.UTF8.GetBytes(ValidProgramme[..40]), 400),

            // Item 4: ids that cannot be table keys, in the address and in forms.
            ["route-id-slash"] = s => Get(s, s.Ministry, "api/programmes/a%2Fb"),
            ["route-id-backslash"] = s => Get(s, s.Ministry, "api/programmes/a%5Cb"),
            ["route-id-hash"] = s => Get(s, s.Ministry, "api/programmes/a%23b/participants"),
            ["route-id-question-mark"] = s => Get(s, s.Ministry, "api/programmes/a%3Fb/attendance"),
            ["route-id-control-character"] = s => Get(s, s.Ministry, "api/programmes/a%01b/documents"),
            ["route-id-too-long"] = s => Get(s, s.Ministry, "api/programmes/prg-" + new string('a', 97)),
            ["route-participant-id-slash"] = s => Json(s, s.Facility, $"api/programmes/{s.EnrollingId}/participants/p%2F1/release", """{"releaseDate":"2024-09-10","route":"Parole"}"""),
            ["route-organisation-id-slash"] = s => Get(s, s.Ministry, "api/organisations/a%2Fb/people"),
            ["form-id-slash"] = s => Json(s, s.Ministry, "api/programmes", """{"title":"Bimtek","facilityId":"a/b","year":2024}"""),
            ["form-mou-id-slash"] = s => Json(s, s.Ministry, "api/letters", ValidLetter.Replace("\"coveredYear\"", "\"mouId\":\"mou/1\",\"coveredYear\"", StringComparison.Ordinal)),
            ["form-letter-id-slash"] = s => Json(s, s.Ministry, $"api/programmes/{s.AwaitingLetterId}/letter", """{"letterId":"ltr/1"}"""),

            // Item 10: lenient JSON, dates, text and CSV rows.
            ["json-key-twice"] = s => Json(s, s.Ministry, "api/programmes", """{"title":"Satu","title":"Dua","facilityId":"lapas-cipinang","year":2024}"""),
            ["json-key-twice-other-case"] = s => Json(s, s.Ministry, "api/programmes", """{"title":"Satu","TITLE":"Dua","facilityId":"lapas-cipinang","year":2024}"""),
            ["json-unknown-field"] = s => Json(s, s.Ministry, "api/programmes", """{"titel":"Bimtek","title":"Bimtek","facilityId":"lapas-cipinang","year":2024}"""),
            ["json-unknown-nested-field"] = s => Json(s, s.Ministry, $"api/programmes/{s.AwaitingPlanId}/plan", $$"""{"startDate":"{{BadInputFixture.TrainingStart}}","endDate":"{{BadInputFixture.TrainingEnd}}","tracks":[{"code":"batik","name":"Batik","nameEnglish":"Batik","quota":20,"quotaa":25}]}"""),
            ["json-not-utf8"] = s => Send(s, s.Ministry, "api/letters", [.. Encoding.UTF8.GetBytes(ValidLetter[..15]), 0xC3, (byte)'(', .. Encoding.UTF8.GetBytes(ValidLetter[15..])], "application/json"),
            ["json-lone-surrogate"] = s => Json(s, s.Ministry, "api/letters", ValidLetter.Replace("B-536/IKMA.3/IND/VII/2024", "B-1\\ud800", StringComparison.Ordinal)),
            ["date-1900"] = s => Json(s, s.Ministry, "api/letters", ValidLetter.Replace("2024-07-16", "1900-01-01", StringComparison.Ordinal)),
            ["date-2200"] = s => Json(s, s.Ministry, "api/mous", ValidMou.Replace("2029-01-31", "2200-01-31", StringComparison.Ordinal)),
            ["mou-signed-after-validity"] = s => Json(s, s.Ministry, "api/mous", ValidMou.Replace("\"signedOn\":\"2024-02-01\"", "\"signedOn\":\"2029-06-01\"", StringComparison.Ordinal)),
            ["letter-number-rtl-override"] = s => Json(s, s.Ministry, "api/letters", ValidLetter.Replace("B-536/IKMA.3", "B-536/\\u202e3.AMKI", StringComparison.Ordinal)),
            ["text-control-character"] = s => Json(s, s.Facility, $"api/programmes/{s.EnrollingId}/participants", """{"type":"Officer","track":"batik","fullName":"Budi\u0000"}"""),
            ["csv-same-person-twice"] = s => Csv(s, s.Facility, s.EnrollingId, "type,track,fullName,expectedReleaseMonth\nInmate,batik,Budi Santoso,2025-02\nOfficer,batik,Siti,\nInmate,batik,BUDI  SANTOSO,2025-02\n"),
            ["csv-extra-cell"] = s => Csv(s, s.Facility, s.EnrollingId, "type,track,fullName,expectedReleaseMonth\nInmate,batik,Budi Santoso,2025-02\nOfficer,batik,Siti,,lulus\n"),
            ["csv-column-twice"] = s => Csv(s, s.Facility, s.EnrollingId, "type,track,fullName,FULLNAME\nOfficer,batik,Siti,Siti\n"),
            ["csv-not-utf8"] = s => Send(s, s.Facility, $"api/programmes/{s.EnrollingId}/participants/csv", [.. Encoding.UTF8.GetBytes("type,track,fullName\nOfficer,batik,Siti\nOfficer,batik,Ren"), 0xE9, (byte)'\n'], "text/csv"),
        };

    private static Task<(int Status, JsonNode? Body)> Get(BadInputFixture scene, HttpClient client, string path) =>
        scene.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<(int Status, JsonNode? Body)> Json(BadInputFixture scene, HttpClient client, string path, string json) =>
        Send(scene, client, path, Encoding.UTF8.GetBytes(json), "application/json");

    private static Task<(int Status, JsonNode? Body)> Csv(BadInputFixture scene, HttpClient client, string programmeId, string csv) =>
        Send(scene, client, $"api/programmes/{programmeId}/participants/csv", Encoding.UTF8.GetBytes(csv), "text/csv");

    private static Task<(int Status, JsonNode? Body)> Csv(BadInputFixture scene, HttpClient client, string programmeId, HttpContent csv) =>
        scene.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, $"api/programmes/{programmeId}/participants/csv") { Content = csv });

    private static Task<(int Status, JsonNode? Body)> Multipart(BadInputFixture scene, HttpClient client, string path, string body) =>
        Send(scene, client, path, Encoding.UTF8.GetBytes(body), $"multipart/form-data; boundary={Boundary}");

    private static Task<(int Status, JsonNode? Body)> Send(BadInputFixture scene, HttpClient client, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };

        // Each case its own key, so a refusal is never a replay of an earlier answer.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return scene.SendAsync(client, request);
    }

    private static string Part(string name, string content, string contentType, string? fileName = null) =>
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{(fileName is null ? string.Empty : $"; filename=\"{fileName}\"")}\r\nContent-Type: {contentType}\r\n\r\n{content}\r\n";

    // A file part whose content stops halfway, with no closing boundary after it.
    private static string CutFile(string fileName, string contentType) =>
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"document\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n" + new string('x', 5000);

    private static string End() => $"--{Boundary}--\r\n";
}
