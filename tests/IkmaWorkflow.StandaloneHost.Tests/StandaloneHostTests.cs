using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IkmaWorkflow.StandaloneHost.Tests.Hosting;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.StandaloneHost.Tests;

/// <summary>The built host run as a child process against a private Azurite: health, stopping, and the function app's HTTP routes.</summary>
public sealed partial class StandaloneHostTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly string[] StorageServices = ["blobs", "queues", "tables"];

    [Fact]
    public async Task Health_StorageReachable_ReportsHealthyWithTheTimeInWib()
    {
        await using var host = Start("healthy host");
        await host.WaitUntilReadyAsync();

        var before = DateTimeOffset.UtcNow;
        var response = await HostHttp.GetAsync(host, "api/health");
        var after = DateTimeOffset.UtcNow;

        var report = response.AssertStatus(HttpStatusCode.OK).Json();
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        foreach (var service in StorageServices)
        {
            var health = report.GetProperty("storage").GetProperty(service);
            Assert.True(health.GetProperty("reachable").GetBoolean(), $"{service} unreachable: {response.Body}");
            Assert.Equal(JsonValueKind.Null, health.GetProperty("error").ValueKind);
        }

        Assert.Equal(0, report.GetProperty("durable").GetProperty("failedInstances").GetInt32());

        // Users read times in WIB; the offset must be +07:00 whatever the machine's time zone, and the instant current.
        var checkedAt = report.GetProperty("checkedAt").GetString();
        Assert.NotNull(checkedAt);
        Assert.EndsWith("+07:00", checkedAt, StringComparison.Ordinal);
        var instant = DateTimeOffset.Parse(checkedAt, CultureInfo.InvariantCulture);
        Assert.InRange(instant, before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task Terminate_RunningHost_ExitsWithCodeZeroWithin15Seconds()
    {
        await using var host = Start("host stopped by SIGTERM");
        await host.WaitUntilReadyAsync();

        // A healthy answer first, so the storage clients exist and the durable engine and triggers run when the stop comes.
        (await HostHttp.GetAsync(host, "api/health")).AssertStatus(HttpStatusCode.OK);
        await Eventually.TrueAsync(() => host.WorkerId is not null, () => $"The durable engine did not start.{Environment.NewLine}{host.Describe()}", TimeSpan.FromSeconds(60));

        var watch = Stopwatch.StartNew();
        host.Terminate();
        var exited = await host.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.True(exited, $"The host did not exit within 15 s of SIGTERM.{Environment.NewLine}{host.Describe()}");
        Assert.True(host.ExitCode == 0, $"Exit code {host.ExitCode} after SIGTERM ({watch.Elapsed.TotalSeconds:F1} s).{Environment.NewLine}{host.Describe()}");
        Assert.Contains("its partitions are released", host.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Functions_RunningHost_EachHttpRouteIsServed()
    {
        var prefix = HostBuild.HttpRoutePrefix();
        var routes = new List<(string Function, HttpMethod Method, string Path)>();
        foreach (var function in HostBuild.Functions())
        {
            var name = function["name"]!.GetValue<string>();
            var trigger = function["bindings"]!.AsArray().OfType<JsonObject>()
                .Single(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.OrdinalIgnoreCase));

            // Queue, timer, orchestration and activity functions have no route.
            if (!string.Equals(trigger["type"]!.GetValue<string>(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
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

        // The metadata must list the functions at all; Health is the one every version has.
        Assert.Contains(routes, r => r.Function == "Health");

        await using var host = Start("host serving every route");
        await host.WaitUntilReadyAsync();

        foreach (var (function, method, path) in routes)
        {
            var body = method == HttpMethod.Get || method == HttpMethod.Head ? null : "{}";
            var response = await HostHttp.SendAsync(host, method, path, body);

            // Routing answers 404 with no body when no endpoint has the route, and 405 when none takes the method:
            // either way the function is not served. A 404 with a body is the function's own answer, such as an
            // unknown programme in a parameterised route.
            var unrouted = (response.Status == HttpStatusCode.NotFound && response.Body.Length == 0) || response.Status == HttpStatusCode.MethodNotAllowed;
            Assert.False(unrouted, $"{function}: {method} /{path} answered {(int)response.Status}.{Environment.NewLine}{host.Describe()}");
        }
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

    private HostProcess Start(string name) => HostProcess.Start(name, HostBuild.Settings(azurite.ConnectionString, FreePort.Next(), HostBuild.NewHub("host")));

    // {name}, {name?}, {*rest} and {name:constraint}; only the first constraint decides the sample value.
    [GeneratedRegex(@"\{\*?\w+(?::(?<constraint>\w+)[^}]*)?\??\}")]
    private static partial Regex RouteParameter();
}
