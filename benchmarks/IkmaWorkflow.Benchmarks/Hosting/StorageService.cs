namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>The storage service a client talks to.</summary>
internal enum StorageService
{
    /// <summary>Table storage.</summary>
    Table,

    /// <summary>Queue storage.</summary>
    Queue,

    /// <summary>Blob storage.</summary>
    Blob,
}
