using System.Globalization;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>Listing instances: filters and paging through the continuation token.</summary>
[Collection(ManagementTests.Name)]
public sealed class ListInstancesTests(ManagementFixture fixture) : IAsyncLifetime
{
    private const string ContinuationHeader = "x-ms-continuation-token";

    private readonly List<string> _running = [];
    private string _completed = string.Empty;

    // Three ListProbe instances running and one completed. Only these tests start ListProbe, and each test of the
    // class gets a fresh set on the shared host, so every listing is filtered by name and by creation time.
    private DateTimeOffset _createdFrom;

    private ManagementApi Api => fixture.Api;

    public async Task InitializeAsync()
    {
        _createdFrom = DateTimeOffset.UtcNow;
        foreach (var i in Enumerable.Range(0, 4))
        {
            _running.Add(await Api.StartAsync(TestOrchestrations.ListProbe, $"\"probe {i}\""));
        }

        foreach (var id in _running)
        {
            await Instances.StartedAsync(fixture.Client, id);
        }

        _completed = _running[^1];
        _running.RemoveAt(_running.Count - 1);
        (await Api.PostAsync($"api/durable/instances/{_completed}/raiseEvent/done", "\"selesai\"")).AssertStatus(202);
        await Instances.FinishedAsync(fixture.Client, _completed);
    }

    public async Task DisposeAsync()
    {
        foreach (var id in _running)
        {
            await Api.PostAsync($"api/durable/instances/{id}/terminate?reason=test%20selesai");
        }
    }

    [Fact]
    public async Task List_StatusFilterPagedByHeader_ReturnsEachMatchOnce()
    {
        var pages = await ReadAllPagesAsync($"runtimeStatus=Running&top=1&{Window()}", tokenInQuery: false);

        Assert.True(pages.Count >= 2, $"Expected at least two pages of one instance, got {pages.Count}.");
        Assert.All(pages, page => Assert.True(page.Count <= 1, "A page holds more than top=1 instances."));
        Assert.Equal(_running.Order(StringComparer.Ordinal), pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_ContinuationTokenInQuery_PagesLikeTheHeader()
    {
        var pages = await ReadAllPagesAsync($"runtimeStatus=Running,Completed&top=2&{Window()}", tokenInQuery: true);

        Assert.True(pages.Count >= 2, $"Expected at least two pages of two instances, got {pages.Count}.");
        Assert.Equal(_running.Append(_completed).Order(StringComparer.Ordinal), pages.SelectMany(p => p).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_CompletedFilter_ReturnsOnlyFinishedWithOutput()
    {
        var response = await Api.GetAsync($"api/durable/instances?runtimeStatus=completed&{Window()}");

        response.AssertStatus(200);
        var instance = Assert.Single(response.Json.EnumerateArray());
        Assert.Equal(_completed, instance.GetProperty("instanceId").GetString());
        Assert.Equal(TestOrchestrations.ListProbe, instance.GetProperty("name").GetString());
        Assert.Equal("Completed", instance.GetProperty("runtimeStatus").GetString());
        Assert.Equal("selesai", instance.GetProperty("output").GetString());
        Assert.Equal("probe 3", instance.GetProperty("input").GetString());
        Assert.Null(response.Header(ContinuationHeader));
    }

    [Fact]
    public async Task List_FailedFilter_ReturnsTheFailedInstanceWithItsFailure()
    {
        var failed = await Api.StartAsync(TestOrchestrations.Failing);
        await Instances.FinishedAsync(fixture.Client, failed);

        var response = await Api.GetAsync($"api/durable/instances?runtimeStatus=Failed&createdTimeFrom={Uri.EscapeDataString(_createdFrom.ToString("O", CultureInfo.InvariantCulture))}");

        var instance = Assert.Single(response.AssertStatus(200).Json.EnumerateArray());
        Assert.Equal(failed, instance.GetProperty("instanceId").GetString());
        Assert.Equal("Data peserta tidak lengkap.", instance.GetProperty("failureDetails").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task List_ShowInputFalse_LeavesInputsOut()
    {
        var response = await Api.GetAsync($"api/durable/instances?showInput=false&{Window()}");

        var instances = response.AssertStatus(200).Json.EnumerateArray().ToList();
        Assert.Equal(4, instances.Count);
        Assert.All(instances, i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("input").ValueKind));
    }

    [Fact]
    public async Task List_CreatedTimeInWibWithUnencodedPlus_FiltersByCreationTime()
    {
        // A WIB offset typed straight into a URL arrives with its '+' decoded to a space; it still means +07:00.
        var future = DateTimeOffset.UtcNow.AddHours(1).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        var none = await Api.GetAsync($"api/durable/instances?name={TestOrchestrations.ListProbe}&createdTimeFrom={future}");
        var all = await Api.GetAsync($"api/durable/instances?{Window()}&createdTimeTo={future}");

        none.AssertStatus(200);
        Assert.Empty(none.Json.EnumerateArray());
        all.AssertStatus(200);
        Assert.Equal(4, all.Json.GetArrayLength());
    }

    [Fact]
    public async Task List_ContinuationTokenNotIssued_Returns400Problem()
    {
        var response = await Api.SendAsync("GET", "api/durable/instances?top=1", headers: new Dictionary<string, string> { [ContinuationHeader] = "bukan-token" });

        response.AssertProblem(400, "invalid-continuation-token");
    }

    [Theory]
    [InlineData("runtimeStatus=Runing", "runtimeStatus")]
    [InlineData("runtimeStatus=1", "runtimeStatus")]
    [InlineData("runtimeStatus=ContinuedAsNew", "runtimeStatus")]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("createdTimeFrom=kemarin", "createdTimeFrom")]
    [InlineData("createdTimeFrom=2025-01-02T00:00:00Z&createdTimeTo=2025-01-01T00:00:00Z", "createdTimeTo")]
    [InlineData("showInput=tidak", "showInput")]
    public async Task List_InvalidQueryValue_Returns400ProblemNamingTheParameter(string query, string parameter)
    {
        var response = await Api.GetAsync($"api/durable/instances?{query}");

        var problem = response.AssertProblem(400, "invalid-query-parameter");
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(parameter, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(parameter, problem.GetProperty("indonesian").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private string Window() =>
        $"name={TestOrchestrations.ListProbe}&createdTimeFrom={Uri.EscapeDataString(_createdFrom.ToString("O", CultureInfo.InvariantCulture))}";

    private async Task<List<List<string>>> ReadAllPagesAsync(string query, bool tokenInQuery)
    {
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var path = $"api/durable/instances?{query}" + (tokenInQuery && token is not null ? $"&continuationToken={Uri.EscapeDataString(token)}" : string.Empty);
            var headers = !tokenInQuery && token is not null ? new Dictionary<string, string> { [ContinuationHeader] = token } : null;
            var response = await Api.SendAsync("GET", path, headers: headers);
            response.AssertStatus(200);
            pages.Add([.. response.Json.EnumerateArray().Select(i => i.GetProperty("instanceId").GetString()!)]);
            token = response.Header(ContinuationHeader);
            Assert.True(pages.Count <= 50, "The continuation token never ran out.");
        }
        while (token is not null);

        return pages;
    }
}
