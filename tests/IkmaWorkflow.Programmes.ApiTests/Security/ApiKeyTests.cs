using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.Programmes.ApiTests.Security;

/// <summary>
/// API keys are shown once and never kept (not even in the stored answers of idempotent forms), every rotation
/// rotates, and a key header of any shape answers 401, never 500 (docs/security.md).
/// </summary>
public sealed class ApiKeyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Register_ResentWithSameIdempotencyKey_Answers409AndNoStoredAnswerHoldsTheKey()
    {
        using var client = fixture.Host.Operator();
        var organisation = new { id = "yayasan-tenun", name = "Yayasan Tenun Nusantara", kind = "Foundation" };

        var (first, firstBody) = await client.PostJsonAsync("api/organisations", organisation, idempotencyKey: "register-yayasan-tenun");
        var (again, againBody) = await client.PostJsonAsync("api/organisations", organisation, idempotencyKey: "register-yayasan-tenun");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var key = firstBody!["apiKey"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:api-key-not-shown-again", againBody!["type"]!.GetValue<string>());
        Assert.Contains("/api-key", againBody["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, againBody.ToJsonString(), StringComparison.Ordinal);
        await AssertNoStoredAnswerHoldsAsync(key);
    }

    [Fact]
    public async Task RotateKey_TwiceWithoutBodyOrIdempotencyKey_GivesTwoKeysAndOnlyTheLastWorks()
    {
        using var client = fixture.Host.Operator();
        var (_, registered) = await client.PostJsonAsync("api/organisations", new { id = "yayasan-rotasi", name = "Yayasan Rotasi", kind = "Foundation" });
        var original = registered!["apiKey"]!.GetValue<string>();

        var first = await client.PostAsync("api/organisations/yayasan-rotasi/api-key", null);
        var second = await client.PostAsync("api/organisations/yayasan-rotasi/api-key", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var firstKey = JsonNode.Parse(await first.Content.ReadAsStringAsync())!["apiKey"]!.GetValue<string>();
        var secondKey = JsonNode.Parse(await second.Content.ReadAsStringAsync())!["apiKey"]!.GetValue<string>();
        Assert.NotEqual(firstKey, secondKey);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(original));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKeyAsync(firstKey));
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(secondKey));
        foreach (var key in new[] { original, firstKey, secondKey })
        {
            await AssertNoStoredAnswerHoldsAsync(key);
        }
    }

    [Fact]
    public async Task RotateKey_ResentWithSameIdempotencyKey_Answers409AndKeepsTheFirstRotation()
    {
        using var client = fixture.Host.Operator();
        await client.PostJsonAsync("api/organisations", new { id = "yayasan-ulang", name = "Yayasan Ulang", kind = "Foundation" });

        var (first, firstBody) = await client.PostJsonAsync("api/organisations/yayasan-ulang/api-key", new { }, idempotencyKey: "rotate-yayasan-ulang-1");
        var (again, againBody) = await client.PostJsonAsync("api/organisations/yayasan-ulang/api-key", new { }, idempotencyKey: "rotate-yayasan-ulang-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:ikma-workflow:problem:api-key-not-shown-again", againBody!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await StatusWithKeyAsync(firstBody!["apiKey"]!.GetValue<string>()));
        await AssertNoStoredAnswerHoldsAsync(firstBody["apiKey"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ikma.a/b.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.dg-ikma/../x.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.DG-IKMA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.dg-ikma.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("ikma.dg-ikma.AAAA")]
    [InlineData("ikma.dg ikma.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.dg-ikma.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra")]
    [InlineData("ikma..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ikma.x#y.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Request_MalformedApiKey_Answers401Problem(string key)
    {
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/programmes");
        Assert.True(request.Headers.TryAddWithoutValidation("x-ikma-api-key", key));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("urn:ikma-workflow:problem:unauthenticated", body["type"]!.GetValue<string>());
        Assert.Contains("x-ikma-api-key", body["indonesian"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> StatusWithKeyAsync(string key)
    {
        using var client = fixture.Host.Client("x-ikma-api-key", key);
        return (await client.GetAsync("api/programmes")).StatusCode;
    }

    // The submissions table is where idempotent answers are kept; the key must be in none of them.
    private async Task AssertNoStoredAnswerHoldsAsync(string key)
    {
        var table = new TableServiceClient(await fixture.ConnectionStringAsync()).GetTableClient(fixture.Host.Prefix + "Submissions");
        var secret = key[(key.LastIndexOf('.') + 1)..];
        await foreach (var answer in table.QueryAsync<SubmissionEntity>())
        {
            Assert.DoesNotContain(secret, answer.Body ?? string.Empty, StringComparison.Ordinal);
        }
    }
}
