using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace IkmaWorkflow.Testing;

/// <summary>Storage clients for a test's Azurite, pinned to a service version Azurite 3.37 knows.</summary>
public static class AzuriteClients
{
    /// <summary>A blob service client on <paramref name="connectionString"/>.</summary>
    public static BlobServiceClient Blobs(string connectionString) =>
        new(connectionString, new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06));

    /// <summary>A queue service client on <paramref name="connectionString"/> that sends and reads message text as it is.</summary>
    public static QueueServiceClient Queues(string connectionString) =>
        new(connectionString, new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.None });
}
