using Azure;
using Azure.Data.Tables;

namespace IkmaWorkflow.Programmes.Storage;

/// <summary>The keys and concurrency fields every stored record has.</summary>
public abstract class RecordEntity : ITableEntity
{
    /// <inheritdoc/>
    public string PartitionKey { get; set; } = string.Empty;

    /// <inheritdoc/>
    public string RowKey { get; set; } = string.Empty;

    /// <inheritdoc/>
    public DateTimeOffset? Timestamp { get; set; }

    /// <inheritdoc/>
    public ETag ETag { get; set; }
}
