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
        api.ReadAsync(request, caller => ReportRequests.ProgrammeAsync(id, caller, FormatOf(request), store, time, cancellationToken));

    /// <summary><c>GET /api/reports/outcomes</c>.</summary>
    [Function("OutcomeReport")]
    public Task<IResult> OutcomesAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/outcomes")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => ReportRequests.OutcomesAsync(
            caller, FormatOf(request), request.Query["year"].ToString(), request.Query["facilityId"].ToString(), request.Query["byFacility"].ToString(), store, time, cancellationToken));

    // ?format= decides; without it, an Accept header naming text/csv asks for CSV.
    private static string FormatOf(HttpRequest request) =>
        request.Query["format"].ToString() is { Length: > 0 } format ? format
        : request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)) ? "csv"
        : "json";
}
