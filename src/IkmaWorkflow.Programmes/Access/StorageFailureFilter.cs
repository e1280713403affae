using Azure;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>Turns storage outages during a programme request into a 503 problem that says nothing was stored.</summary>
internal sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 0 or >= 500 or 403)
        {
            LogStorageFailed(logger, ex, context.HttpContext.Request.Path, ex.Status, ex.ErrorCode);
            return BilingualProblem.Create(
                StatusCodes.Status503ServiceUnavailable,
                "storage-unavailable",
                "Storage unavailable",
                "The records storage did not answer. Nothing was stored; try again later.",
                "Penyimpanan tidak tersedia",
                "Penyimpanan data tidak menjawab. Tidak ada yang disimpan; coba lagi nanti.");
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Records storage failed on {Path}: status {Status}, error code {ErrorCode}.")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, string path, int status, string? errorCode);
}
