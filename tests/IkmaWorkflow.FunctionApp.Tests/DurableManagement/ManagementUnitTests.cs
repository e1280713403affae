using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes;
using IkmaWorkflow.Programmes.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>The operator key setting, the management URIs, the request parsing and the orchestrator names, without a host.</summary>
public sealed class ManagementUnitTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void FromConfiguration_KeyAbsent_NotConfiguredAndMatchesNothing(string? key)
    {
        var operatorKey = OperatorKey.FromConfiguration(Settings(key));

        Assert.False(operatorKey.IsConfigured);
        Assert.False(operatorKey.Matches(""));
        Assert.False(operatorKey.Matches(key ?? "anything"));
    }

    [Theory]
    [InlineData("pendek")]
    [InlineData("fifteen-chars-x")]
    [InlineData("kunci dengan spasi di tengah")]
    [InlineData("kunci-dengan-huruf-é-non-ascii")]
    public void FromConfiguration_UnusableKey_StopsStartupNamingTheSetting(string key)
    {
        var error = Assert.Throws<AppSettingException>(() => OperatorKey.FromConfiguration(Settings(key)));

        Assert.Equal(OperatorKey.SettingName, error.Key);
        Assert.Contains("16", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_OnlyTheExactKey()
    {
        var operatorKey = OperatorKey.FromConfiguration(Settings("sixteen-chars-ok"));

        Assert.True(operatorKey.IsConfigured);
        Assert.True(operatorKey.Matches("sixteen-chars-ok"));
        Assert.False(operatorKey.Matches("sixteen-chars-o"));
        Assert.False(operatorKey.Matches("sixteen-chars-okk"));
        Assert.False(operatorKey.Matches("SIXTEEN-CHARS-OK"));
    }

    [Fact]
    public void Create_PlainRequest_BuildsUrisOnHostAsReceivedWithEscapedId()
    {
        var request = Request("http", "ikma.example.id:8080");

        var payload = DurableManagementUrls.Create(request, "program 2025/#1");

        const string Status = "http://ikma.example.id:8080/api/durable/instances/program%202025%2F%231";
        Assert.Equal("program 2025/#1", payload.Id);
        Assert.Equal(Status, payload.StatusQueryGetUri);
        Assert.Equal(Status + "/raiseEvent/{eventName}", payload.SendEventPostUri);
        Assert.Equal(Status + "/terminate?reason={text}", payload.TerminatePostUri);
        Assert.Equal(Status + "/suspend?reason={text}", payload.SuspendPostUri);
        Assert.Equal(Status + "/resume?reason={text}", payload.ResumePostUri);
        Assert.Equal(Status, payload.PurgeHistoryDeleteUri);
    }

    [Theory]
    [InlineData("https", "https")]
    [InlineData("HTTPS, http", "https")]
    [InlineData("ftp", "http")]
    public void StatusUri_ForwardedProto_UsesItWhenHttpOrHttps(string forwarded, string expectedScheme)
    {
        var request = Request("http", "ikma-workflow.azurewebsites.net");
        request.Headers["X-Forwarded-Proto"] = forwarded;

        var uri = DurableManagementUrls.StatusUri(request, "abc");

        Assert.Equal($"{expectedScheme}://ikma-workflow.azurewebsites.net/api/durable/instances/abc", uri);
    }

    [Theory]
    [InlineData("bimtek-tangerang-2025", true)]
    [InlineData("bimtek tangerang 2025", true)]
    [InlineData("a", true)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a#b", false)]
    [InlineData("a?b", false)]
    [InlineData("a\tb", false)]
    [InlineData("@counter@a", false)]
    public void IsValidInstanceId_DurableFunctionsRules_AcceptsOnlyUsableIds(string id, bool valid)
    {
        Assert.Equal(valid, ManagementRequest.IsValidInstanceId(id));
    }

    [Fact]
    public void IsValidInstanceId_Length_AcceptsUpTo256()
    {
        Assert.True(ManagementRequest.IsValidInstanceId(new string('x', 256)));
        Assert.False(ManagementRequest.IsValidInstanceId(new string('x', 257)));
    }

    [Theory]
    [InlineData("2024-09-07T10:00:00+07:00", "2024-09-07T03:00:00Z")]
    [InlineData("2024-09-07T10:00:00 07:00", "2024-09-07T03:00:00Z")]
    [InlineData("2024-09-07T03:00:00Z", "2024-09-07T03:00:00Z")]
    [InlineData("2024-09-07T03:00:00", "2024-09-07T03:00:00Z")]
    public void TryTime_IsoTimes_ReadsTheInstant(string value, string expectedUtc)
    {
        Assert.True(ManagementRequest.TryTime("createdTimeFrom", value, out var time, out var problem));

        Assert.Null(problem);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Fact]
    public void TryStatuses_AnyCaseCommaSeparated_ReadsEachOnce()
    {
        Assert.True(ManagementRequest.TryStatuses("runtimeStatus", "running, FAILED,Running", out var statuses, out _));

        Assert.Equal([OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Failed], statuses!.Order());
    }

    [Fact]
    public void App_OrchestrationTriggerFunctions_AreTheAppsOrchestrators()
    {
        Assert.Equal(["FollowUpOrchestration", "MouOrchestration", "ProgrammeOrchestration"], OrchestratorNames.App.All);
    }

    [Theory]
    [InlineData("ProgrammeOrchestration")]
    [InlineData("programmeorchestration")]
    [InlineData("PROGRAMMEORCHESTRATION")]
    public void Find_AnyCase_AnswersTheDeclaredName(string name)
    {
        Assert.Equal("ProgrammeOrchestration", OrchestratorNames.App.Find(name));
    }

    [Theory]
    [InlineData("ReadProgramme")]
    [InlineData("ProgrammeOpen")]
    [InlineData("PelatihanFiktif")]
    public void Find_ActivityHttpFunctionOrUnknownName_IsNotAnOrchestrator(string name)
    {
        Assert.Null(OrchestratorNames.App.Find(name));
    }

    private static IConfiguration Settings(string? key) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [OperatorKey.SettingName] = key }).Build();

    private static HttpRequest Request(string scheme, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        context.Request.Host = new HostString(host);
        return context.Request;
    }
}
