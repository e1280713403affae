using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.Standalone;
using Microsoft.Azure.Functions.Worker;
using IkmaWorkflow.Programmes.Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IkmaWorkflow.Programmes.ApiTests.OpenApi;

/// <summary>
/// Keeps <c>GET /api/openapi.json</c> true to the app: it describes exactly the routes the running app maps, named as
/// their function folders; its references and path parameters hold together; its examples are accepted by the app;
/// the fields its form schemas mark required are the ones the handlers require; and the app's answers match the
/// described response schemas.
/// </summary>
public sealed partial class OpenApiDescriptionTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task OpenApiJson_WithoutKey_Answers200Json()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        var response = await anonymous.GetAsync("api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
        Assert.Equal("/api", document["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Paths_AgainstMappedEndpoints_DescribeEveryRouteAndNothingElse()
    {
        var document = await DocumentAsync();
        var mapped = ((IEndpointRouteBuilder)fixture.Host.App).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? string.Empty).TrimStart('/').StartsWith("api/", StringComparison.Ordinal) && !IsPage(e.RoutePattern.RawText!))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method =>
                $"{method} {"/" + e.RoutePattern.RawText!.Trim('/')["api/".Length..]} {e.Metadata.GetMetadata<EndpointNameMetadata>()?.EndpointName}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var described = document.Operations
            .Select(o => $"{o.Method} {o.Path} {o.Operation["operationId"]!.GetValue<string>()}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(mapped.Count > 40, $"Only {mapped.Count} endpoints were found under /api; the data sources were not read.");
        Assert.Equal(mapped, described);
    }

    [Fact]
    public async Task OperationIds_AgainstFunctionFolders_UniqueAndEqualToTheHttpFunctions()
    {
        var document = await DocumentAsync();
        var ids = document.Operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();
        var folders = fixture.Host.App.Services.GetRequiredService<FunctionCatalog>().OfKind(TriggerKind.Http)
            .Select(f => (f.Name, Trigger: (HttpTriggerAttribute)f.TriggerAttribute))
            .Where(f => !IsPage(f.Trigger.Route!))
            .Select(f => $"{f.Name} {string.Join(',', f.Trigger.Methods!.Select(m => m.ToUpperInvariant()))} /{f.Trigger.Route}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(folders, document.Operations.Select(o => $"{o.Operation["operationId"]} {o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task References_AndPathParameters_ResolveAndMatchTheTemplates()
    {
        var document = await DocumentAsync();
        var unresolved = new List<string>();
        Walk(document.Root, node =>
        {
            if (node["$ref"] is { } reference && document.Resolve(reference.GetValue<string>()) is null)
            {
                unresolved.Add(reference.GetValue<string>());
            }
        });
        Assert.Empty(unresolved);

        foreach (var (method, path, operation) in document.Operations)
        {
            var inTemplate = PathParameter().Matches(path).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
            var declared = (operation["parameters"]?.AsArray() ?? [])
                .Select(p => document.Deref(p!))
                .Where(p => p["in"]!.GetValue<string>() == "path")
                .ToList();
            Assert.All(declared, p => Assert.True(p["required"]?.GetValue<bool>(), $"{method} {path}: path parameter {p["name"]} is not required."));
            Assert.Equal(inTemplate, declared.Select(p => p["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList());
            Assert.NotEmpty(operation["tags"]!.AsArray());
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{method} {path} has no summary.");
            Assert.NotNull(operation["security"]);
        }
    }

    [Fact]
    public async Task Examples_AgainstTheirSchemas_Conform()
    {
        var document = await DocumentAsync();
        var checkedExamples = 0;
        foreach (var (method, path, operation) in document.Operations.Where(o => o.Operation["requestBody"] is not null))
        {
            foreach (var (mediaType, content) in operation["requestBody"]!["content"]!.AsObject())
            {
                if (content!["example"] is not { } example)
                {
                    continue;
                }

                var schema = document.Deref(content["schema"]!);
                var problems = mediaType switch
                {
                    "application/json" => document.Check(example, schema),
                    "multipart/form-data" => document.Check(example["data"], schema["properties"]!["data"]!["contentSchema"]!),
                    _ => [],
                };
                Assert.True(problems.Count == 0, $"{method} {path} {mediaType} example: {string.Join(" ", problems)}");
                checkedExamples++;
            }
        }

        Assert.True(checkedExamples >= 20, $"Only {checkedExamples} examples were checked.");
    }

    [Fact]
    public async Task EveryOperation_WithoutKey_AnswersAsItsSecuritySays()
    {
        var document = await DocumentAsync();
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        foreach (var (method, path, operation) in document.Operations)
        {
            var url = "api" + PathParameter().Replace(path, m => m.Groups[1].Value == "months" ? "1" : "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            using var response = await anonymous.SendAsync(request);
            var status = (int)response.StatusCode;

            var open = operation["security"]!.AsArray().Count == 0;
            Assert.True(open ? status != 401 : status == 401, $"{method} {path} without a key answered {status}; its security is {operation["security"]!.ToJsonString()}.");
            Assert.True(document.Response(operation, status) is not null, $"{method} {path} answered {status}, which it does not describe.");
        }
    }

    [Fact]
    public async Task ExampleForms_SubmittedToTheApp_AcceptedAndAnsweredAsDescribed()
    {
        var document = await DocumentAsync();
        using var operatorClient = fixture.Host.Operator();
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");

        await SubmitExampleAsync(document, operatorClient, "OrganisationRegister");
        await SubmitExampleAsync(document, ministry, "PersonAdd", ("id", "dg-ikma"));
        await SubmitExampleAsync(document, ministry, "MouRegister");
        var programmeId = await OpenToEnrollingAsync(document, ministry, facility);
        await SubmitExampleAsync(document, facility, "ParticipantEnrol", ("id", programmeId));
        await SubmitExampleAsync(document, facility, "ParticipantEnrolCsv", ("id", programmeId));
        await SubmitExampleAsync(document, facility, "DocumentUpload", ("id", programmeId));
        var closed = await SendAsync(document, facility, "EnrolmentClose", body: null, ("id", programmeId));
        Assert.Equal("Scheduled", closed["stage"]!.GetValue<string>());

        // The reads, each answer checked against its described schema.
        foreach (var (operationId, client, parameters) in new (string, HttpClient, (string, string)[])[]
        {
            ("OrganisationList", ministry, []),
            ("PersonList", ministry, [("id", "dg-ikma")]),
            ("MouList", ministry, []),
            ("LetterList", ministry, []),
            ("ProgrammeList", facility, []),
            ("ProgrammeGet", facility, [("id", programmeId)]),
            ("ParticipantList", facility, [("id", programmeId)]),
            ("AttendanceList", facility, [("id", programmeId)]),
            ("AssessmentList", facility, [("id", programmeId)]),
            ("DocumentList", facility, [("id", programmeId)]),
            ("CertificateList", facility, [("id", programmeId)]),
            ("FollowUpList", facility, [("id", programmeId)]),
            ("ProgrammeReport", facility, [("id", programmeId)]),
            ("OutcomeReport", ministry, []),
            ("ListEmails", operatorClient, []),
            ("DurableList", operatorClient, []),
            ("DurableStatus", operatorClient, [("instanceId", "programme-" + programmeId)]),
            ("Health", operatorClient, []),
        })
        {
            await SendAsync(document, client, operationId, body: null, parameters);
        }
    }

    [Fact]
    public async Task ExampleForms_OfTheTrainingWeek_AcceptedWithTheEnrolledIds()
    {
        var document = await DocumentAsync();
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var programmeId = await OpenToEnrollingAsync(document, ministry, facility);
        var (enrolled, _) = await SubmitExampleAsync(document, facility, "ParticipantEnrol", ("id", programmeId));
        var participantId = enrolled["participants"]![0]!["id"]!.GetValue<string>();
        var clock = fixture.Host.Clock;
        var before = clock.GetUtcNow();
        try
        {
            // The plan example's last training day, 08:00 WIB: attendance, assessments and the closing report are open.
            var plan = OpenApiDocument.RequestExample(document.Operation("ProgrammePlan").Operation);
            var lastDay = DateOnly.ParseExact(plan["endDate"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            clock.SetUtcNow(new DateTimeOffset(lastDay.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero));

            // The examples' participant ids stand for the participant just enrolled.
            var attendance = OpenApiDocument.RequestExample(document.Operation("AttendanceRecord").Operation);
            attendance["present"] = new JsonArray(participantId);
            var recorded = await SendAsync(document, facility, "AttendanceRecord", attendance, ("id", programmeId));
            Assert.Equal(participantId, recorded["present"]![0]!.GetValue<string>());

            var assessments = OpenApiDocument.RequestExample(document.Operation("AssessmentSubmit").Operation);
            foreach (var result in assessments["results"]!.AsArray())
            {
                result!["participantId"] = participantId;
            }

            await SendAsync(document, facility, "AssessmentSubmit", assessments, ("id", programmeId));
            var stored = await SendAsync(document, facility, "AssessmentList", body: null, ("id", programmeId));
            Assert.Equal(participantId, stored[0]!["participantId"]!.GetValue<string>());
            var (closed, _) = await SubmitExampleAsync(document, facility, "ClosingReportSubmit", ("id", programmeId));
            Assert.Equal("Certifying", closed["stage"]!.GetValue<string>());

            var (released, _) = await SubmitExampleAsync(document, facility, "ParticipantRelease", ("id", programmeId), ("participantId", participantId));
            Assert.NotEmpty(released["checkpoints"]!.AsArray());
            await SendAsync(document, facility, "FollowUpList", body: null, ("id", programmeId));
            await SendAsync(document, facility, "AttendanceList", body: null, ("id", programmeId));
            await SendAsync(document, facility, "ProgrammeReport", body: null, ("id", programmeId));

            // The person's requests about their data, from the examples: a correction, an export, an erasure, and the
            // reads that show the erased participant (no name, checkpoints Erased).
            var (corrected, _) = await SubmitExampleAsync(document, facility, "IdentityCorrect", ("id", programmeId), ("participantId", participantId));
            Assert.Contains("fullName", corrected["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
            var exported = await SendAsync(document, ministry, "PersonalDataExport", body: null, ("id", programmeId), ("participantId", participantId));
            Assert.Equal(corrected["identity"]!["fullName"]!.GetValue<string>(), exported["identity"]!["fullName"]!.GetValue<string>());
            var (erased, _) = await SubmitExampleAsync(document, ministry, "PersonalDataErase", ("id", programmeId), ("participantId", participantId));
            Assert.True(erased["removal"]!["identityDeleted"]!.GetValue<bool>());
            Assert.Equal(released["checkpoints"]!.AsArray().Count, erased["removal"]!["checkpointsClosed"]!.GetValue<int>());
            var followUps = await SendAsync(document, facility, "FollowUpList", body: null, ("id", programmeId));
            Assert.All(followUps.AsArray(), f => Assert.Equal("Erased", f!["status"]!.GetValue<string>()));
            var participants = await SendAsync(document, facility, "ParticipantList", body: null, ("id", programmeId));
            var erasedParticipant = participants.AsArray().Single(p => p!["id"]!.GetValue<string>() == participantId)!;
            Assert.True(erasedParticipant["personalDataRemoved"]!.GetValue<bool>());
            var afterwards = await SendAsync(document, ministry, "PersonalDataExport", body: null, ("id", programmeId), ("participantId", participantId));
            Assert.Null(afterwards["identity"]);
            await SendAsync(document, facility, "CertificateList", body: null, ("id", programmeId));
        }
        finally
        {
            clock.SetUtcNow(before);
        }
    }

    [Fact]
    public async Task ClockRoutes_OnAndOff_AnswerAsDescribed()
    {
        var document = await DocumentAsync();
        using (var off = fixture.Host.Operator())
        {
            await AssertProblemAsync(document, off, "ClockRead", null, HttpStatusCode.NotFound, "demo-clock-disabled");
            await AssertProblemAsync(document, off, "ClockMove", OpenApiDocument.RequestExample(document.Operation("ClockMove").Operation), HttpStatusCode.NotFound, "demo-clock-disabled");
        }

        // A second app on the same Azurite with the demo clock on, started before the move example's time.
        var start = new DateTimeOffset(2024, 8, 1, 1, 0, 0, TimeSpan.Zero);
        await using var host = await AppHost.StartAsync(await fixture.ConnectionStringAsync(), start, new Dictionary<string, string?> { ["DemoClock:Enabled"] = "true" });
        using var on = host.Operator();
        var read = await SendAsync(document, on, "ClockRead", body: null);
        Assert.Null(read["previousUtc"]);

        var example = OpenApiDocument.RequestExample(document.Operation("ClockMove").Operation);
        var moved = await SendAsync(document, on, "ClockMove", example);
        Assert.Equal(DateTimeOffset.Parse(example["now"]!.GetValue<string>(), CultureInfo.InvariantCulture), DateTimeOffset.Parse(moved["wib"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.True(host.Clock.GetUtcNow() >= DateTimeOffset.Parse(example["now"]!.GetValue<string>(), CultureInfo.InvariantCulture));

        await AssertProblemAsync(document, on, "ClockMove", new JsonObject { ["now"] = "2024-08-01T08:00:00+07:00" }, HttpStatusCode.Conflict, "clock-cannot-go-back");
        await AssertProblemAsync(document, on, "ClockMove", new JsonObject { ["now"] = "2030-01-01T08:00:00" }, HttpStatusCode.BadRequest, "invalid-clock-time");
    }

    [Fact]
    public async Task RequiredFields_OfTheMainForms_AreThoseTheHandlersRequire()
    {
        var document = await DocumentAsync();
        using var operatorClient = fixture.Host.Operator();
        using var ministry = fixture.As("dg-ikma");
        using var facility = fixture.As("lapas-cipinang");
        var number = CertificateNumber.Create(2024, 12345).Value;

        await AssertRequiredAsync(document, operatorClient, "OrganisationRegister", "OrganisationForm");
        await AssertRequiredAsync(document, ministry, "PersonAdd", "PersonForm", parameters: ("id", "dg-ikma"));
        await AssertRequiredAsync(document, ministry, "MouRegister", "MouForm");
        await AssertRequiredAsync(document, ministry, "LetterSubmit", "LetterForm");
        await AssertRequiredAsync(document, ministry, "ProgrammeOpen", "ProgrammeForm");
        await AssertRequiredAsync(document, ministry, "CertificateRevoke", "ReasonForm", parameters: ("number", number));
        await AssertRequiredAsync(document, ministry, "CertificateReissue", "ReasonForm", parameters: ("number", number));

        var (programme, _) = await SubmitExampleAsync(document, ministry, "ProgrammeOpen");
        var programmeId = programme["id"]!.GetValue<string>();
        await AssertRequiredAsync(document, ministry, "ProgrammeAttachLetter", "AttachLetterForm", parameters: ("id", programmeId));
        var (letter, _) = await SubmitExampleAsync(document, ministry, "LetterSubmit");
        await SendAsync(document, ministry, "ProgrammeAttachLetter", new JsonObject { ["letterId"] = letter["id"]!.GetValue<string>() }, ("id", programmeId));
        await AssertRequiredAsync(document, facility, "ProgrammePlan", "PlanForm", parameters: ("id", programmeId));
        await AssertRequiredAsync(document, facility, "ProgrammePlan", "PlanTrack", new JsonObject { ["tracks"] = new JsonArray(new JsonObject()) }, "tracks[0].", ("id", programmeId));
        await SubmitExampleAsync(document, facility, "ProgrammePlan", ("id", programmeId));
        await AssertRequiredAsync(document, facility, "ParticipantEnrol", "ParticipantForm", parameters: ("id", programmeId));
        await AssertRequiredDocumentFormAsync(document, facility, programmeId);
    }

    private async Task<OpenApiDocument> DocumentAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        return OpenApiDocument.Parse(await anonymous.GetStringAsync("api/openapi.json"));
    }

    // Opens a programme, registers and attaches a letter, and plans it, each from the document's example; the letter id
    // in the attach example stands for the letter just registered.
    private static async Task<string> OpenToEnrollingAsync(OpenApiDocument document, HttpClient ministry, HttpClient facility)
    {
        var (programme, _) = await SubmitExampleAsync(document, ministry, "ProgrammeOpen");
        var programmeId = programme["id"]!.GetValue<string>();
        var (letter, _) = await SubmitExampleAsync(document, ministry, "LetterSubmit");
        var attach = OpenApiDocument.RequestExample(document.Operation("ProgrammeAttachLetter").Operation);
        attach["letterId"] = letter["id"]!.GetValue<string>();
        var attached = await SendAsync(document, ministry, "ProgrammeAttachLetter", attach, ("id", programmeId));
        Assert.Equal("AwaitingPlan", attached["stage"]!.GetValue<string>());
        var (planned, _) = await SubmitExampleAsync(document, facility, "ProgrammePlan", ("id", programmeId));
        Assert.Equal("Enrolling", planned["stage"]!.GetValue<string>());
        return programmeId;
    }

    // Sends the operation's own request example (JSON, CSV or multipart) and checks the answer against the description.
    private static async Task<(JsonNode Body, int Status)> SubmitExampleAsync(OpenApiDocument document, HttpClient client, string operationId, params (string Name, string Value)[] parameters)
    {
        var (method, path, operation) = document.Operation(operationId);
        var content = operation["requestBody"]!["content"]!.AsObject();
        HttpContent body;
        if (content.ContainsKey("application/json"))
        {
            body = new StringContent(OpenApiDocument.RequestExample(operation).ToJsonString(), Encoding.UTF8, "application/json");
        }
        else if (content.ContainsKey("text/csv"))
        {
            body = new StringContent(OpenApiDocument.RequestExample(operation, "text/csv").GetValue<string>(), Encoding.UTF8, "text/csv");
        }
        else
        {
            var multipart = new MultipartFormDataContent
            {
                { new StringContent(OpenApiDocument.RequestExample(operation, "multipart/form-data")["data"]!.ToJsonString(), Encoding.UTF8, "application/json"), "data" },
            };
            var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4 laporan harian"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            multipart.Add(file, "document", "laporan-harian.pdf");
            body = multipart;
        }

        return await ExchangeAsync(document, client, method, path, operation, body, parameters);
    }

    private static async Task<JsonNode> SendAsync(OpenApiDocument document, HttpClient client, string operationId, JsonNode? body, params (string Name, string Value)[] parameters)
    {
        var (method, path, operation) = document.Operation(operationId);
        var content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return (await ExchangeAsync(document, client, method, path, operation, content, parameters)).Body;
    }

    private static async Task<(JsonNode Body, int Status)> ExchangeAsync(
        OpenApiDocument document, HttpClient client, string method, string path, JsonObject operation, HttpContent? content, (string Name, string Value)[] parameters)
    {
        var url = "api" + PathParameter().Replace(path, m => Uri.EscapeDataString(parameters.Single(p => p.Name == m.Groups[1].Value).Value));
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        if (method == "POST" && !path.StartsWith("/durable", StringComparison.Ordinal))
        {
            // A fresh key, so that a form sent twice in one test class is processed twice rather than replayed.
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 200 and < 300, $"{method} {url} ({operation["operationId"]}) answered {status}: {text}");

        var described = document.Response(operation, status);
        Assert.True(described is not null, $"{method} {url} answered {status}, which the description does not list.");
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        var schema = described!["content"]?[mediaType]?["schema"];
        Assert.True(schema is not null, $"{method} {url} answered {status} {mediaType}, which the description does not list.");
        var body = JsonNode.Parse(text)!;
        var problems = document.Check(body, schema!);
        Assert.True(problems.Count == 0, $"{method} {url} answered {status} off its schema: {string.Join(" ", problems)}");
        return (body, status);
    }

    // Sends a request the app refuses and checks the problem is a status the operation describes, in its schema.
    private static async Task AssertProblemAsync(OpenApiDocument document, HttpClient client, string operationId, JsonNode? body, HttpStatusCode expected, string problemName)
    {
        var (method, path, operation) = document.Operation(operationId);
        using var request = new HttpRequestMessage(new HttpMethod(method), "api" + path)
        {
            Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{operationId} answered {(int)response.StatusCode}, not {(int)expected}: {text}");

        var described = document.Response(operation, (int)expected);
        Assert.True(described is not null, $"{operationId} answered {(int)expected}, which the description does not list.");
        var schema = described!["content"]?[response.Content.Headers.ContentType?.MediaType ?? string.Empty]?["schema"];
        Assert.True(schema is not null, $"{operationId} answered {(int)expected} {response.Content.Headers.ContentType?.MediaType}, which the description does not list.");
        var problem = JsonNode.Parse(text)!;
        var problems = document.Check(problem, schema!);
        Assert.True(problems.Count == 0, $"{operationId} answered {(int)expected} off its schema: {string.Join(" ", problems)}");
        Assert.Equal("urn:ikma-workflow:problem:" + problemName, problem["type"]!.GetValue<string>());
    }

    // Sends an empty form and compares the fields the handler calls required with those the schema marks required.
    private static async Task AssertRequiredAsync(
        OpenApiDocument document, HttpClient client, string operationId, string schemaName, JsonObject? body = null, string prefix = "", params (string Name, string Value)[] parameters)
    {
        var (method, path, operation) = document.Operation(operationId);
        var url = "api" + PathParameter().Replace(path, m => Uri.EscapeDataString(parameters.Single(p => p.Name == m.Groups[1].Value).Value));
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent((body ?? []).ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{operationId} with an empty form answered {(int)response.StatusCode}: {problem.ToJsonString()}");

        var schema = document.Resolve($"#/components/schemas/{schemaName}")!;
        Assert.Same(schema, document.RequestSchemaOrNested(operation, schemaName));
        var requiredBySchema = schema["required"]!.AsArray().Select(r => prefix + r!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(requiredBySchema, RequiredByHandler(problem).Where(field => field.StartsWith(prefix, StringComparison.Ordinal)).ToList());
    }

    private static async Task AssertRequiredDocumentFormAsync(OpenApiDocument document, HttpClient client, string programmeId)
    {
        using var multipart = new MultipartFormDataContent { { new StringContent("{}", Encoding.UTF8, "application/json"), "data" } };
        using var response = await client.PostAsync($"api/programmes/{programmeId}/documents", multipart);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var upload = document.RequestSchema(document.Operation("DocumentUpload").Operation, "multipart/form-data");
        Assert.Equal(["data", "document"], upload["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList());
        Assert.Contains("document", problem["errors"]!.AsObject().Select(e => e.Key));
        var form = document.Deref(upload["properties"]!["data"]!["contentSchema"]!);
        Assert.Equal(form["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal).ToList(), RequiredByHandler(problem));
    }

    // The web pages (HTML for browsers, under /api/pages) are not part of the API the document describes (docs/pages.md).
    private static bool IsPage(string route) => route.TrimStart('/').StartsWith("pages", StringComparison.Ordinal) || route.TrimStart('/').StartsWith("api/pages", StringComparison.Ordinal);

    private static List<string> RequiredByHandler(JsonNode problem) =>
        [.. problem["errors"]!.AsObject()
            .Where(e => e.Value!.AsArray().Any(m => m!.GetValue<string>() == "Is required."))
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)];

    private static void Walk(JsonNode? node, Action<JsonObject> visit)
    {
        switch (node)
        {
            case JsonObject obj:
                visit(obj);
                foreach (var (_, child) in obj)
                {
                    Walk(child, visit);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, visit);
                }

                break;
        }
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
