using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace IkmaWorkflow.Benchmarks.Storage;

/// <summary>
/// Storage clients like the app's own (same service versions and message encoding as
/// <c>IkmaWorkflow.CustomHandler.Storage.StorageClients</c>; tables with the SDK default, as the app registers them)
/// with a <see cref="TransactionCountingPolicy"/> in their pipelines.
/// </summary>
internal static class CountingStorageClients
{
    public static TableServiceClient CreateTableService(string connectionString, TransactionCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new TransactionCountingPolicy(counter, StorageService.Table), HttpPipelinePosition.PerRetry);
        return new TableServiceClient(connectionString, options);
    }

    public static QueueServiceClient CreateQueueService(string connectionString, TransactionCounter counter)
    {
        var options = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.None };
        options.AddPolicy(new TransactionCountingPolicy(counter, StorageService.Queue), HttpPipelinePosition.PerRetry);
        return new QueueServiceClient(connectionString, options);
    }

    public static BlobServiceClient CreateBlobService(string connectionString, TransactionCounter counter)
    {
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        options.AddPolicy(new TransactionCountingPolicy(counter, StorageService.Blob), HttpPipelinePosition.PerRetry);
        return new BlobServiceClient(connectionString, options);
    }
}
