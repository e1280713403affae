using System.Security.Claims;
using System.Text.Encodings.Web;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IkmaWorkflow.Programmes.Access;

/// <summary>
/// Authenticates programme API requests: an organisation's API key in <c>x-ikma-api-key</c>, or the operator key in
/// <c>x-ikma-operator-key</c>. A refused request gets a 401 problem saying how to authenticate.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RecordStore store, OperatorKey operatorKey)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "IkmaApiKey";

    /// <summary>The claim holding the organisation id.</summary>
    public const string OrganisationClaim = "ikma:organisation";

    /// <summary>The claim holding the organisation kind (absent for the operator).</summary>
    public const string KindClaim = "ikma:kind";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(OperatorKey.HeaderName, out var operatorValue))
        {
            return operatorKey.Matches(operatorValue.ToString())
                ? Success(Caller.Operator)
                : AuthenticateResult.Fail("The operator key is not valid.");
        }

        var key = Request.Headers[ApiKey.HeaderName].ToString();
        if (key.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (ApiKey.OrganisationOf(key) is not { } organisationId)
        {
            return AuthenticateResult.Fail("The API key is not shaped like an IKMA Workflow key.");
        }

        await store.EnsureCreatedAsync(Context.RequestAborted).ConfigureAwait(false);
        var organisation = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, organisationId, cancellationToken: Context.RequestAborted).ConfigureAwait(false);
        return organisation.HasValue && ApiKey.Matches(key, organisation.Value!.ApiKeyHash)
            ? Success(new Caller(organisationId, organisation.Value.KindValue))
            : AuthenticateResult.Fail("The API key is not valid.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var problem = FormProblems.Unauthenticated(
            "No API key was sent, or it is not valid (mistyped or replaced).",
            "Kunci API tidak dikirim, atau tidak valid (salah ketik atau sudah diganti).");
        await problem.ExecuteAsync(Context).ConfigureAwait(false);
    }

    private static AuthenticateResult Success(Caller caller)
    {
        var claims = new List<Claim> { new(OrganisationClaim, caller.OrganisationId) };
        if (caller.Kind is { } kind)
        {
            claims.Add(new Claim(KindClaim, kind.ToString()));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
