using IkmaWorkflow.CustomHandler;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>The operator key setting and the management URIs, without a server.</summary>
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
        var error = Assert.Throws<FunctionAppConfigurationException>(() => OperatorKey.FromConfiguration(Settings(key)));

        Assert.Equal(OperatorKey.SettingName, error.Source);
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
