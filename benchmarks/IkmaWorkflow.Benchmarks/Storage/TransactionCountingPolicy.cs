using Azure.Core;
using Azure.Core.Pipeline;

namespace IkmaWorkflow.Benchmarks.Storage;

/// <summary>The storage service a client talks to.</summary>
internal enum StorageService
{
    Table,
    Queue,
    Blob,
}

/// <summary>
/// An Azure SDK pipeline policy, added per retry, that counts every request a client sends: each is one storage
/// transaction (a table batch is one request, so it counts once; a retried request counts again).
/// </summary>
internal sealed class TransactionCountingPolicy(TransactionCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
{
    /// <inheritdoc/>
    public override void OnSendingRequest(HttpMessage message) => counter.Add(Classify(service, message.Request));

    /// <inheritdoc/>
    /// <remarks>Error answers are noted beside the counts (not added to them: the request was counted when sent).</remarks>
    public override void OnReceivedResponse(HttpMessage message)
    {
        if (message.HasResponse && message.Response.Status >= 400)
        {
            counter.Note($"{Classify(service, message.Request)} answered {message.Response.Status}");
        }
    }

    /// <summary>Names the kind of request, coarsely: enough to see where the transactions go.</summary>
    internal static string Classify(StorageService service, Request request)
    {
        var method = request.Method.Method.ToUpperInvariant();
        var path = request.Uri.Path;
        var query = request.Uri.Query;
        var withPopReceipt = query.Contains("popreceipt=", StringComparison.OrdinalIgnoreCase);
        return service switch
        {
            StorageService.Queue => method switch
            {
                "POST" => "queue send",
                "GET" when path.EndsWith("/messages", StringComparison.OrdinalIgnoreCase) && query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) => "queue peek",
                "GET" when path.EndsWith("/messages", StringComparison.OrdinalIgnoreCase) => "queue receive",
                "DELETE" when withPopReceipt => "queue delete",
                "PUT" when withPopReceipt => "queue update",
                _ => $"queue {method.ToLowerInvariant()} (management)",
            },
            StorageService.Table => method switch
            {
                "POST" when path.EndsWith("$batch", StringComparison.Ordinal) => "table batch",
                "POST" when path.EndsWith("/Tables", StringComparison.OrdinalIgnoreCase) => "table create",
                "POST" => "table insert",
                "GET" => "table query",
                "PUT" or "MERGE" or "PATCH" => "table update",
                "DELETE" => "table delete",
                _ => $"table {method.ToLowerInvariant()}",
            },
            _ => $"blob {method.ToLowerInvariant()}",
        };
    }
}
