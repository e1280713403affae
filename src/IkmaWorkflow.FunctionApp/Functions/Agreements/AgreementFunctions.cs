using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Agreements;
using IkmaWorkflow.Programmes.Letters;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Functions.Agreements;

/// <summary>The agreements a programme rests on: memoranda of understanding and activity letters.</summary>
public sealed class AgreementFunctions(ApiCalls api, RecordStore store, TimeProvider time, ILogger<MouWatcher> watcherLog)
{
    /// <summary><c>POST /api/mous</c> (coordinators): registers an MoU with its signed document; its expiry is watched.</summary>
    [Function("MouRegister")]
    public Task<IResult> RegisterMouAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mous")] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        api.FormAsync(request, BodyLimit.JsonWithDocument, (caller, body) => MouRequests.RegisterAsync(caller, body, store, time, new MouWatcher(client, watcherLog), cancellationToken));

    /// <summary><c>GET /api/mous</c>.</summary>
    [Function("MouList")]
    public Task<IResult> ListMousAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mous")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, async _ => await MouRequests.ListAsync(store, cancellationToken).ConfigureAwait(false));

    /// <summary><c>POST /api/letters</c> (coordinators): registers an activity letter with its document.</summary>
    [Function("LetterSubmit")]
    public Task<IResult> SubmitLetterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "letters")] HttpRequest request, CancellationToken cancellationToken) =>
        api.FormAsync(request, BodyLimit.JsonWithDocument, (caller, body) => LetterRequests.SubmitAsync(caller, body, store, time, cancellationToken));

    /// <summary><c>GET /api/letters</c>.</summary>
    [Function("LetterList")]
    public Task<IResult> ListLettersAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "letters")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, async _ => await LetterRequests.ListAsync(store, cancellationToken).ConfigureAwait(false));
}
