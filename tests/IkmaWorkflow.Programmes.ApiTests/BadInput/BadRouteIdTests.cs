using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.Programmes.ApiTests.OpenApi;
using IkmaWorkflow.Programmes.Certificates;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>
/// Every path parameter of every operation the OpenAPI description lists, given an id that cannot be a table key:
/// the app answers 400 with a problem naming the parameter, before it looks anything up (so never 503 or 500), even
/// when the address's other ids name nothing.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed partial class BadRouteIdTests(BadInputFixture fixture)
{
    // As a client writes them in the address: '/', '\', '#', '?' escaped, a control character, a non-ASCII letter, too long.
    private static readonly string[] BadIds = ["a%2Fb", "a%5Cb", "a%23b", "a%3Fb", "a%01b", "%C3%A9t%C3%A9", "prg-" + new string('a', 97)];

    [Fact]
    public async Task EveryPathParameter_IdThatCannotBeAKey_Answers400NamingIt()
    {
        var document = fixture.OpenApi;
        using var ministry = fixture.As("dg-ikma");
        using var operatorClient = fixture.Host.Operator();
        var failures = new List<string>();
        var tried = 0;
        // The operator's routes check their ids their own way: durable instance ids (400 invalid-instance-id) and email
        // ids (404, by their shape, before any lookup).
        foreach (var (method, path, operation) in document.Operations.Where(o => !o.Path.StartsWith("/durable/", StringComparison.Ordinal) && o.Path != "/emails/{id}"))
        {
            var parameters = PathParameter().Matches(path).Select(m => m.Groups[1].Value).Where(p => p != "months").ToList();
            foreach (var parameter in parameters)
            {
                foreach (var bad in BadIds)
                {
                    var url = "api" + PathParameter().Replace(path, m => m.Groups[1].Value == parameter ? bad : Valid(m.Groups[1].Value));
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (method is "POST" or "PUT")
                    {
                        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
                    }

                    var client = operation["security"]!.AsArray().Any(s => s!.AsObject().ContainsKey("organisationKey")) ? ministry : operatorClient;
                    using var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    var problem = text.StartsWith('{') ? JsonNode.Parse(text) : null;
                    tried++;
                    if (response.StatusCode != HttpStatusCode.BadRequest || problem is null || !Names(problem, parameter))
                    {
                        failures.Add($"{method} {url} answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
                    }
                    else if (document.Response(operation, 400) is null)
                    {
                        failures.Add($"{method} {path} answered 400, which the OpenAPI description does not list.");
                    }
                }
            }
        }

        Assert.True(tried > 150, $"Only {tried} requests were tried.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Valid(string parameter) => parameter switch
    {
        "number" => CertificateNumber.Create(2024, 12345).Value,
        "months" => "6",
        _ => "dg-ikma",
    };

    // Named as the parameter member, a field of errors, or a member of its own (a certificate number's problem names it as number).
    private static bool Names(JsonNode problem, string parameter) =>
        problem["parameter"]?.GetValue<string>() == parameter
        || problem["errors"]?.AsObject().ContainsKey(parameter) == true
        || problem.AsObject().ContainsKey(parameter);

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
