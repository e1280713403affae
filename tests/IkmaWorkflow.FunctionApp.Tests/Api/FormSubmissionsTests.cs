using IkmaWorkflow.FunctionApp.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace IkmaWorkflow.FunctionApp.Tests.Api;

/// <summary><see cref="FormSubmissions.CanonicalRoute"/>: a submission is keyed by its function's route, not the path as spelled.</summary>
public sealed class FormSubmissionsTests
{
    [Theory]
    [InlineData("/api/programmes/prg-7k3q9x2mtd/participants")]
    [InlineData("/api/programmes/prg-7k3q9x2mtd/participants/")]
    [InlineData("/API/PROGRAMMES/prg-7k3q9x2mtd/Participants")]
    public void CanonicalRoute_AnySpellingOfThePath_TheRouteWithItsValues(string path)
    {
        var request = Request("api/Programmes/{id}/participants", path, "prg-7k3q9x2mtd");

        Assert.Equal("/api/programmes/prg-7k3q9x2mtd/participants", FormSubmissions.CanonicalRoute(request));
    }

    [Fact]
    public void CanonicalRoute_ValueWithSlashOrCase_KeptApartFromOtherRoutes()
    {
        var slashed = FormSubmissions.CanonicalRoute(Request("api/programmes/{id}/participants", "/api/programmes/a%2Fb/participants", "a/b"));
        var upper = FormSubmissions.CanonicalRoute(Request("api/programmes/{id}/participants", "/api/programmes/PRG-1/participants", "PRG-1"));

        Assert.Equal("/api/programmes/a%2Fb/participants", slashed);
        Assert.Equal("/api/programmes/PRG-1/participants", upper);
    }

    [Fact]
    public void CanonicalRoute_NoRouteEndpoint_ThePathInLowerCaseWithoutTrailingSlash()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/Api/Organisations/ybi/People/";

        Assert.Equal("/api/organisations/ybi/people", FormSubmissions.CanonicalRoute(http.Request));
    }

    private static HttpRequest Request(string template, string path, string id)
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Request.RouteValues["id"] = id;
        http.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(template), 0, EndpointMetadataCollection.Empty, "test"));
        return http.Request;
    }
}
