using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>What a function answered, once its result was executed into the request's context.</summary>
internal sealed record FunctionResponse(string Method, string Path, int Status, IHeaderDictionary Headers, string? ContentType, string Body)
{
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public FunctionResponse AssertStatus(int expected)
    {
        Assert.True(Status == expected, $"Expected {expected} from {Method} {Path}, got {this}");
        return this;
    }

    /// <summary>
    /// Checks an RFC 9457 problem: the status, <c>type</c> naming <paramref name="problem"/>, and English and Indonesian
    /// titles and details that differ.
    /// </summary>
    public JsonElement AssertProblem(int status, string problem)
    {
        AssertStatus(status);
        Assert.Equal("application/problem+json", ContentType);
        var json = Json;
        Assert.Equal("urn:ikma-workflow:problem:" + problem, json.GetProperty("type").GetString());
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        var title = json.GetProperty("title").GetString();
        var detail = json.GetProperty("detail").GetString();
        var indonesian = json.GetProperty("indonesian");
        var titleId = indonesian.GetProperty("title").GetString();
        var detailId = indonesian.GetProperty("detail").GetString();
        foreach (var text in new[] { title, detail, titleId, detailId })
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"A problem text is empty: {Body}");
        }

        Assert.NotEqual(title, titleId);
        Assert.NotEqual(detail, detailId);
        return json;
    }

    public override string ToString() => $"{Status} {ContentType}: {Body}";
}
