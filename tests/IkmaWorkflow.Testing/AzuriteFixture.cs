using Xunit;

namespace IkmaWorkflow.Testing;

/// <summary>An xunit class fixture: one private Azurite for all tests of a class.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;

    /// <summary>The running Azurite instance.</summary>
    public AzuriteInstance Azurite =>
        _azurite ?? throw new InvalidOperationException("The Azurite fixture has not been initialized.");

    /// <summary>The full development-account connection string for this fixture's Azurite.</summary>
    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>Starts Azurite before the first test of the class.</summary>
    public async Task InitializeAsync() => _azurite = await AzuriteInstance.StartAsync();

    /// <summary>Stops Azurite after the last test of the class.</summary>
    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
            _azurite = null;
        }
    }
}
