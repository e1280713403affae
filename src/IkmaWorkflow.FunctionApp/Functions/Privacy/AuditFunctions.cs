using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Functions.Privacy;

/// <summary>The audit log of personal data, read by coordinators. It has no route that changes or deletes a row.</summary>
public sealed class AuditFunctions(ApiCalls api, RecordStore store, TimeProvider time)
{
    /// <summary><c>GET /api/audit?from=&amp;to=&amp;programmeId=&amp;after=</c> (coordinators): who read or wrote personal data, newest first, paged.</summary>
    [Function("AuditLogRead")]
    public Task<IResult> ReadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "audit")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => AuditLog.ReadAsync(
            caller, request.Query["from"].ToString(), request.Query["to"].ToString(), request.Query["programmeId"].ToString(), request.Query["after"].ToString(), store, time, cancellationToken));
}
