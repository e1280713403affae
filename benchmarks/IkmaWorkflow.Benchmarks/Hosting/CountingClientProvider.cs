using Azure.Core;
using DurableTask.AzureStorage;

namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>
/// The engine's factory for one storage service client, as <see cref="StorageAccountClientProvider"/> builds it from a
/// connection string, with a <see cref="TransactionCountingPolicy"/> added to the options the engine asks for. The
/// engine adds its own policies to the same options before it creates the client, so nothing else changes.
/// </summary>
internal sealed class CountingClientProvider<TClient, TOptions>(IStorageServiceClientProvider<TClient, TOptions> inner, TransactionCounter counter, StorageService service)
    : IStorageServiceClientProvider<TClient, TOptions>
    where TOptions : ClientOptions
{
    /// <inheritdoc/>
    public TOptions CreateOptions()
    {
        var options = inner.CreateOptions();
        options.AddPolicy(new TransactionCountingPolicy(counter, service), HttpPipelinePosition.PerRetry);
        return options;
    }

    /// <inheritdoc/>
    public TClient CreateClient(TOptions options) => inner.CreateClient(options);
}
