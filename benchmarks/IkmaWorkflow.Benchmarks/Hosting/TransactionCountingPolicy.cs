using Azure.Core;
using Azure.Core.Pipeline;

namespace IkmaWorkflow.Benchmarks.Hosting;

/// <summary>
/// An Azure SDK pipeline policy, added per retry, that counts every request a client sends as one storage
/// transaction: a table batch is one request, so it counts once; a receive of 32 messages counts once; a query counts
/// once per page; a retried request counts once per attempt; an answer of 404, 409 or 412 still counts.
/// </summary>
internal sealed class TransactionCountingPolicy(TransactionCounter counter, StorageService service) : HttpPipelineSynchronousPolicy
{
    /// <inheritdoc/>
    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        counter.Add(Classify(service, message.Request));
    }

    /// <summary>Names the kind of request coarsely: enough to see where the transactions go.</summary>
    internal static string Classify(StorageService service, Request request)
    {
        var method = request.Method.Method;
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
                "GET" => "table read",
                "PUT" or "MERGE" or "PATCH" => "table update",
                "DELETE" => "table delete",
                _ => $"table {method.ToLowerInvariant()}",
            },
            _ => query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase) ? "blob lease" : $"blob {method.ToLowerInvariant()}",
        };
    }
}
