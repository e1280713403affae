using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace IkmaWorkflow.StandaloneHost.Tests.Hosting;

/// <summary>An answer of a host.</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentType">The declared media type.</param>
/// <param name="Body">The body text.</param>
/// <param name="Host">The host that answered, whose output a failure message shows.</param>
internal sealed record HostResponse(HttpStatusCode Status, MediaTypeHeaderValue? ContentType, string Body, HostProcess Host)
{
    /// <summary>Fails with the body and the host's output unless the status is <paramref name="expected"/>.</summary>
    public HostResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Body}{Environment.NewLine}{Host.Describe()}");
        return this;
    }

    /// <summary>The body as JSON, failing unless it is declared and parses as JSON.</summary>
    public JsonElement Json()
    {
        Assert.True(ContentType?.MediaType is "application/json" or "application/problem+json", $"Expected a JSON body, got '{ContentType}': {Body}");
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
