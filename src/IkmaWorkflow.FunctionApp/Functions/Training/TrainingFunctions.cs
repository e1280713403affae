using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Training;

/// <summary>The training week: enrolment, attendance, documentation, assessments and the closing report.</summary>
public sealed class TrainingFunctions(ApiCalls api, RecordStore store, TimeProvider time, ILogger<ProgrammeSignals> signalLog)
{
    /// <summary><c>POST /api/programmes/{id}/participants</c> (coordinators, facility): enrols one participant.</summary>
    [Function("ParticipantEnrol")]
    public Task<IResult> EnrolAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/participants")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => EnrolmentRequests.EnrolAsync(id, caller, body, store, time, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/participants/csv</c>: enrols every row of a CSV, or none.</summary>
    [Function("ParticipantEnrolCsv")]
    public Task<IResult> EnrolCsvAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/participants/csv")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.FormAsync(request, BodyLimit.Csv, caller =>
            EnrolmentRequests.EnrolCsvAsync(id, caller, () => FormBodies.OpenTextAsync(request, BodyLimit.Csv, cancellationToken), store, time, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/participants</c>.</summary>
    [Function("ParticipantList")]
    public Task<IResult> ListParticipantsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/participants")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => EnrolmentRequests.ListAsync(id, caller, store, time, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/attendance</c>: who was present on a training day.</summary>
    [Function("AttendanceRecord")]
    public Task<IResult> RecordAttendanceAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/attendance")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => AttendanceRequests.RecordAsync(id, caller, body, store, time, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/attendance</c>.</summary>
    [Function("AttendanceList")]
    public Task<IResult> ListAttendanceAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/attendance")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => AttendanceRequests.ListAsync(id, caller, store, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/documents</c>: a photo or document of the programme (multipart).</summary>
    [Function("DocumentUpload")]
    public Task<IResult> UploadDocumentAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/documents")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.FormAsync(request, BodyLimit.JsonWithDocument, (caller, body) => DocumentRequests.UploadAsync(id, caller, body, store, time, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/documents</c>.</summary>
    [Function("DocumentList")]
    public Task<IResult> ListDocumentsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/documents")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => DocumentRequests.ListAsync(id, caller, store, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/assessments</c>: participants' results.</summary>
    [Function("AssessmentSubmit")]
    public Task<IResult> SubmitAssessmentsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/assessments")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => ResultRequests.SubmitAssessmentsAsync(id, caller, body, store, time, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/assessments</c>: the results stored.</summary>
    [Function("AssessmentList")]
    public Task<IResult> ListAssessmentsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/assessments")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => ResultRequests.ListAssessmentsAsync(id, caller, store, cancellationToken));

    /// <summary><c>POST /api/programmes/{id}/closing-report</c> (coordinators, facility): closes the training; certification follows.</summary>
    [Function("ClosingReportSubmit")]
    public Task<IResult> SubmitClosingReportAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "programmes/{id}/closing-report")] HttpRequest request, string id, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => ResultRequests.SubmitClosingReportAsync(id, caller, body, store, time, new ProgrammeSignals(client, signalLog), cancellationToken));
}
