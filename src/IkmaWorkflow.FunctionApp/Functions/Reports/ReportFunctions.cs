using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Reports;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Functions.Reports;

/// <summary>Reports: one programme's, and outcomes by cohort and follow-up period; JSON or CSV.</summary>
public sealed class ReportFunctions(ApiCalls api, RecordStore store, TimeProvider time)
{
    /// <summary><c>GET /api/programmes/{id}/report</c>.</summary>
    [Function("ProgrammeReport")]
    public Task<IResult> ProgrammeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/report")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => ReportEndpoints.ProgrammeAsync(id, caller, request, store, time, cancellationToken));

    /// <summary><c>GET /api/reports/outcomes</c>.</summary>
    [Function("OutcomeReport")]
    public Task<IResult> OutcomesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/outcomes")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => ReportEndpoints.OutcomesAsync(caller, request, store, time, cancellationToken));
}
