using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Certificates;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>
/// The form schemas say <c>additionalProperties: false</c>, and the app refuses a field a form does not read: so the
/// fields each form reads must be exactly the properties of its schema. A form sent with one field it does not have
/// answers with the fields it has; these are compared with the schema.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class FormFieldsTests(BadInputFixture scene)
{
    private const string Unknown = "noSuchField";

    [Fact]
    public async Task FormSchemas_AgainstTheFieldsTheFormsRead_TheSame()
    {
        using var operatorClient = scene.Host.Operator();
        var number = CertificateNumber.Create(2024, 12345).Value;
        var forms = new (string Schema, HttpClient Client, string Path, string Prefix)[]
        {
            ("OrganisationForm", operatorClient, "api/organisations", string.Empty),
            ("PersonForm", scene.Ministry, "api/organisations/dg-ikma/people", string.Empty),
            ("MouForm", scene.Ministry, "api/mous", string.Empty),
            ("LetterForm", scene.Ministry, "api/letters", string.Empty),
            ("ProgrammeForm", scene.Ministry, "api/programmes", string.Empty),
            ("AttachLetterForm", scene.Ministry, $"api/programmes/{scene.AwaitingLetterId}/letter", string.Empty),
            ("PlanForm", scene.Ministry, $"api/programmes/{scene.AwaitingPlanId}/plan", string.Empty),
            ("PlanTrack", scene.Ministry, $"api/programmes/{scene.AwaitingPlanId}/plan", "tracks[0]."),
            ("ParticipantForm", scene.Facility, $"api/programmes/{scene.EnrollingId}/participants", string.Empty),
            ("ReasonForm", scene.Ministry, $"api/certificates/{number}/revoke", string.Empty),
            ("ReasonForm", scene.Ministry, $"api/certificates/{number}/reissue", string.Empty),
            ("DocumentForm", scene.Facility, $"api/programmes/{scene.EnrollingId}/documents", string.Empty),
        };

        foreach (var (schema, client, path, prefix) in forms)
        {
            var body = new JsonObject { [Unknown] = 1 };
            if (prefix.Length > 0)
            {
                body = new JsonObject { ["tracks"] = new JsonArray(new JsonObject { [Unknown] = 1 }) };
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(schema, body) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await client.SendAsync(request);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode}: {problem.ToJsonString()}");
            var message = problem["errors"]?[prefix + Unknown]?[0]?.GetValue<string>();
            Assert.True(message is not null, $"{path} did not name {prefix}{Unknown}: {problem.ToJsonString()}");
            var read = message![(message.IndexOf("its fields are: ", StringComparison.Ordinal) + "its fields are: ".Length)..].TrimEnd('.').Split(", ");
            var described = scene.OpenApi.Resolve($"#/components/schemas/{schema}")!["properties"]!.AsObject().Select(p => p.Key);
            Assert.Equal(described.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
        }
    }

    // The document form is multipart only.
    private static HttpContent Content(string schema, JsonObject body)
    {
        if (schema != "DocumentForm")
        {
            return new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var file = new ByteArrayContent(Encoding.ASCII.GetBytes("%PDF-1.4 laporan"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), "data" }, { file, "document", "laporan.pdf" } };
    }
}
