using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IkmaWorkflow.Standalone.Tests.TestFunctions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Standalone.Tests.Http;

/// <summary>How an HTTP function's class is created and its parameters are given.</summary>
public sealed class HttpBindingTests
{
    private static readonly Type[] Services = [typeof(ServiceFunctions)];

    [Fact]
    public async Task Invoke_InstanceMethod_NewInstanceInItsOwnScopePerRequestAndDisposed()
    {
        await using var app = await StandaloneApp.StartAsync(Services, services: s => s.AddScoped<ScopedMarker>());

        var first = await app.Http.GetFromJsonAsync<InstanceView>("api/instance");
        var second = await app.Http.GetFromJsonAsync<InstanceView>("api/instance");

        Assert.NotEqual(first!.Instance, second!.Instance);
        Assert.NotEqual(first.Scope, second.Scope);
        await Eventually.TrueAsync(() => app.Probe.Events.Count == 2, "the two instances were not both disposed");
        Assert.Equal(["disposed " + first.Instance, "disposed " + second.Instance], app.Probe.Events);
    }

    [Fact]
    public async Task Invoke_HttpRequestParameter_CarriesBodyQueryAndHeaders()
    {
        await using var app = await StandaloneApp.StartAsync([typeof(ItemFunctions)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo?q=absensi") { Content = new StringContent("hari 2") };
        request.Headers.Add("X-Facility", "Lapas Cipinang");

        var response = await app.Http.SendAsync(request);

        var echo = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("hari 2", echo.GetProperty("body").GetString());
        Assert.Equal("absensi", echo.GetProperty("query").GetString());
        Assert.Equal("Lapas Cipinang", echo.GetProperty("header").GetString());
    }

    [Fact]
    public async Task Invoke_ClientAbortsRequest_CancellationTokenFires()
    {
        await using var app = await StandaloneApp.StartAsync(Services, services: s => s.AddScoped<ScopedMarker>());
        using var abort = new CancellationTokenSource();

        var request = app.Http.GetAsync("api/slow", abort.Token);
        await Eventually.TrueAsync(() => app.Probe.Events.Contains("started"), "the function never started");
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await Eventually.TrueAsync(() => app.Probe.Events.Contains("cancelled"), "the function's token did not fire when the client went away");
    }

    [Fact]
    public async Task Invoke_AppStopsDuringRequest_TokenFiresAfterGracePeriodAnd503()
    {
        var app = await StandaloneApp.StartAsync(Services, new() { ["Standalone:ShutdownTimeout"] = "00:00:01" }, services: s => s.AddScoped<ScopedMarker>());
        await using (app)
        {
            var request = app.Http.GetAsync("api/slow");
            await Eventually.TrueAsync(() => app.Probe.Events.Contains("started"), "the function never started");

            await app.StopAsync();

            var response = await request;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("cancelled", app.Probe.Events);
        }
    }

    [Fact]
    public async Task Invoke_TaskClientParameter_ResolvedFromServices()
    {
        var client = new Mock<DurableTaskClient>("ikma-hub");
        await using var app = await StandaloneApp.StartAsync([typeof(ClientFunction)], services: s => s.AddSingleton(client.Object));

        var answer = await app.Http.GetFromJsonAsync<JsonElement>("api/client");

        Assert.Equal("ikma-hub", answer.GetProperty("name").GetString());
    }
}
