using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace IkmaWorkflow.Standalone.Storage;

/// <summary>
/// Makes the Azure Storage clients of the app's storage account. The service version is pinned to one that both
/// Azure and Azurite 3.37 accept: the SDK's newest is one Azurite does not know yet.
/// </summary>
public static class StorageClients
{
    /// <summary>A queue service client that reads and writes message text as it is (encoding is the caller's).</summary>
    public static QueueServiceClient CreateQueueService(string connectionString) => new(connectionString, QueueOptions());

    /// <summary>A blob service client.</summary>
    public static BlobServiceClient CreateBlobService(string connectionString) => new(connectionString, BlobOptions());

    /// <summary>A queue service client on <paramref name="connection"/>, either form, as <see cref="CreateQueueService(string)"/>.</summary>
    internal static QueueServiceClient CreateQueueService(StorageConnection connection) => connection.CreateQueueServiceClient(QueueOptions());

    /// <summary>A blob service client on <paramref name="connection"/>, either form.</summary>
    internal static BlobServiceClient CreateBlobService(StorageConnection connection) => connection.CreateBlobServiceClient(BlobOptions());

    private static QueueClientOptions QueueOptions() =>
        new(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.None };

    private static BlobClientOptions BlobOptions() => new(BlobClientOptions.ServiceVersion.V2026_06_06);
}
