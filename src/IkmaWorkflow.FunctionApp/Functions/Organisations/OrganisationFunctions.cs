using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Functions.Organisations;

/// <summary>Organisations (registered by the operator) and their people.</summary>
public sealed class OrganisationFunctions(ApiCalls api, RecordStore store, TimeProvider time)
{
    /// <summary><c>POST /api/organisations</c> (operator): registers an organisation and answers its API key, once.</summary>
    [Function("OrganisationRegister")]
    public Task<IResult> RegisterAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organisations")] HttpRequest request, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => OrganisationRequests.RegisterAsync(caller, body, store, time, cancellationToken));

    /// <summary><c>GET /api/organisations</c>.</summary>
    [Function("OrganisationList")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organisations")] HttpRequest request, CancellationToken cancellationToken) =>
        api.ReadAsync(request, async _ => await OrganisationRequests.ListAsync(store, cancellationToken).ConfigureAwait(false));

    /// <summary><c>POST /api/organisations/{id}/api-key</c> (operator): replaces an organisation's API key, at every call.</summary>
    [Function("OrganisationRotateKey")]
    public Task<IResult> RotateKeyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organisations/{id}/api-key")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ActionAsync(request, caller => OrganisationRequests.RotateKeyAsync(id, caller, store, cancellationToken));

    /// <summary><c>POST /api/organisations/{id}/people</c>: adds a person (name, email, role).</summary>
    [Function("PersonAdd")]
    public Task<IResult> AddPersonAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "organisations/{id}/people")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => OrganisationRequests.AddPersonAsync(id, caller, body, store, time, cancellationToken));

    /// <summary><c>GET /api/organisations/{id}/people</c>.</summary>
    [Function("PersonList")]
    public Task<IResult> ListPeopleAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organisations/{id}/people")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => OrganisationRequests.ListPeopleAsync(id, caller, store, time, cancellationToken));
}
