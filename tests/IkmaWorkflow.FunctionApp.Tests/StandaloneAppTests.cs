using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.Tests;

/// <summary>The built app run standalone (no Functions host) against a private Azurite.</summary>
public sealed partial class StandaloneAppTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] StorageServices = ["blobs", "queues", "tables"];

    [Fact]
    public async Task Health_StorageReachable_ReportsHealthyStandaloneInWib()
    {
        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(FunctionAppBuild.StandaloneSettings(azurite.ConnectionString, port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));

        var before = DateTimeOffset.UtcNow;
        var response = await AppHttp.GetAsync(AppHttp.Loopback(port), "api/health");
        var after = DateTimeOffset.UtcNow;

        var report = response.AssertStatus(HttpStatusCode.OK, app).Json();
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        Assert.Equal("standalone", report.GetProperty("mode").GetString());
        foreach (var service in StorageServices)
        {
            var health = report.GetProperty("storage").GetProperty(service);
            Assert.True(health.GetProperty("reachable").GetBoolean(), $"{service} unreachable: {response.Body}");
            Assert.Equal(JsonValueKind.Null, health.GetProperty("error").ValueKind);
        }

        // Users read times in WIB; the offset must be +07:00 whatever the machine's time zone, and the instant current.
        var checkedAt = report.GetProperty("checkedAt").GetString();
        Assert.NotNull(checkedAt);
        Assert.EndsWith("+07:00", checkedAt, StringComparison.Ordinal);
        var instant = DateTimeOffset.Parse(checkedAt, CultureInfo.InvariantCulture);
        Assert.InRange(instant, before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task Terminate_RunningStandalone_ExitsWithCodeZeroWithin15Seconds()
    {
        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(FunctionAppBuild.StandaloneSettings(azurite.ConnectionString, port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));

        // A health check first, so the storage clients exist and the trigger host has started when the stop comes.
        (await AppHttp.GetAsync(AppHttp.Loopback(port), "api/health")).AssertStatus(HttpStatusCode.OK, app);

        var watch = Stopwatch.StartNew();
        app.Terminate();
        var exited = await app.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.True(exited, $"The app did not exit within 15 s of SIGTERM.{Environment.NewLine}{app.Describe()}");
        Assert.True(app.ExitCode == 0, $"Exit code {app.ExitCode} after SIGTERM ({watch.Elapsed.TotalSeconds:F1} s).{Environment.NewLine}{app.Describe()}");
    }

    [Fact]
    public async Task FunctionFolders_RunningStandalone_EachHttpRouteIsServed()
    {
        var appRoot = FunctionAppBuild.OutputDirectory;
        var prefix = HttpRoutePrefix(appRoot);
        var routes = new List<(string Function, HttpMethod Method, string Path)>();
        foreach (var directory in FunctionAppBuild.FunctionDirectories(appRoot))
        {
            var name = Path.GetFileName(directory);
            var trigger = FunctionAppBuild.Trigger(directory);

            // Queue and timer functions have no route: the standalone trigger host runs them, and the host-mode tests
            // check that each has a handler. Only HTTP functions are reachable here.
            if (!FunctionAppBuild.IsType(trigger, "httpTrigger"))
            {
                continue;
            }

            var route = RouteParameter().Replace(trigger["route"]?.GetValue<string>() ?? name, m => SampleValue(m.Groups["constraint"].Value));
            var path = string.Join('/', new[] { prefix, route.Trim('/') }.Where(p => p.Length > 0));
            var methods = trigger["methods"]?.AsArray().Select(m => m!.GetValue<string>()).ToList() ?? [];

            // No methods means every method; GET stands for them.
            foreach (var method in methods.DefaultIfEmpty("get"))
            {
                routes.Add((name, new HttpMethod(method.ToUpperInvariant()), path));
            }
        }

        // The build output must hold the function folders at all; Health is the one every version has.
        Assert.Contains(routes, r => r.Function == "Health");

        var port = FreePort.Next();
        await using var app = AppProcess.StartBuilt(FunctionAppBuild.StandaloneSettings(azurite.ConnectionString, port));
        await app.WaitUntilReadyAsync(AppHttp.Loopback(port));

        foreach (var (function, method, path) in routes)
        {
            var body = method == HttpMethod.Get || method == HttpMethod.Head ? null : "{}";
            var response = await AppHttp.SendAsync(method, AppHttp.Loopback(port), path, body);

            // Routing answers 404 with no body when no endpoint has the route, and 405 when none takes the method:
            // either way the host would proxy requests for this function to nothing. A 404 with a body is the
            // function's own answer, such as an unknown instance id in a parameterised route.
            var unrouted = (response.Status == HttpStatusCode.NotFound && response.Body.Length == 0) || response.Status == HttpStatusCode.MethodNotAllowed;
            Assert.False(unrouted, $"{function}: {method} /{path} answered {(int)response.Status}.{Environment.NewLine}{app.Describe()}");
        }

        // The start-up check throws (exit code 2) when folders and code disagree; answering proved it passed, and
        // nothing may have logged the mismatch instead of stopping.
        Assert.DoesNotContain("disagree", app.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("disagree", app.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    // A value each route parameter's constraint accepts, so the request reaches the function rather than failing to match.
    private static string SampleValue(string constraint) => constraint.ToLowerInvariant() switch
    {
        "int" or "long" or "decimal" or "double" or "float" => "1",
        "guid" => Guid.Empty.ToString(),
        "bool" => "true",
        "datetime" => "2024-01-01",
        _ => "sample",
    };

    private static string HttpRoutePrefix(string appRoot)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(appRoot, "host.json")));

        // The Functions host's default prefix is "api"; an empty string removes it.
        return (host?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api").Trim('/');
    }

    // {name}, {name?}, {*rest} and {name:constraint}; only the first constraint decides the sample value.
    [GeneratedRegex(@"\{\*?\w+(?::(?<constraint>\w+)[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
