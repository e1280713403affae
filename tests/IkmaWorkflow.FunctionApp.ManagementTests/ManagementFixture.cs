using IkmaWorkflow.Testing;

namespace IkmaWorkflow.FunctionApp.ManagementTests;

/// <summary>One private Azurite and one app with an operator key, shared by the tests of a class.</summary>
public sealed class ManagementFixture : IAsyncLifetime
{
    public const string Key = "test-operator-key-7f3a9c2e41b8";

    private AzuriteInstance? _azurite;
    private ManagementHost? _host;
    private ManagementClient? _client;

    internal AzuriteInstance Azurite => _azurite ?? throw new InvalidOperationException("Not started.");

    internal ManagementHost Host => _host ?? throw new InvalidOperationException("Not started.");

    /// <summary>A client that sends <see cref="Key"/>.</summary>
    internal ManagementClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteInstance.StartAsync();
        _host = await ManagementHost.StartAsync(_azurite.ConnectionString, Key, TestOrchestrations.Register);
        _client = new ManagementClient(_host.BaseAddress, Key);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
