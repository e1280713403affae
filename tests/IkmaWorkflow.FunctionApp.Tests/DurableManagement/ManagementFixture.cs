using IkmaWorkflow.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace IkmaWorkflow.FunctionApp.Tests.DurableManagement;

/// <summary>One in-memory durable test host running the test orchestrations, and the API on its client.</summary>
public sealed class ManagementFixture : IAsyncLifetime
{
    private DurableTaskTestHost? _host;
    private ManagementApi? _api;

    /// <summary>The test host's client, for setting up and watching instances without the API.</summary>
    internal DurableTaskClient Client => _host?.Client ?? throw new InvalidOperationException("Not started.");

    /// <summary>The API on <see cref="Client"/>, sending <see cref="ManagementApi.Key"/>.</summary>
    internal ManagementApi Api => _api ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _host = await StartHostAsync();
        _api = new ManagementApi(_host.Client);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Starts a test host of its own, on a free port, running <see cref="TestOrchestrations"/>.</summary>
    internal static Task<DurableTaskTestHost> StartHostAsync() =>
        DurableTaskTestHost.StartAsync(TestOrchestrations.Register, new DurableTaskTestHostOptions { Port = FreePort.Next() });
}
