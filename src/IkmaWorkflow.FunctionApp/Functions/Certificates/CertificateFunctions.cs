using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.FunctionApp.Functions.Certificates;

/// <summary>Certificates: listing, PDF download, revocation, reissue and the public verification the QR code links to.</summary>
public sealed class CertificateFunctions(ApiCalls api, RecordStore store, CertificateIssuer issuer, TimeProvider time)
{
    /// <summary><c>GET /api/programmes/{id}/certificates</c>.</summary>
    [Function("CertificateList")]
    public Task<IResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/certificates")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => CertificateRequests.ListAsync(id, caller, store, time, cancellationToken));

    /// <summary><c>GET /api/programmes/{id}/certificates/{number}/pdf</c>.</summary>
    [Function("CertificateDownload")]
    public Task<IResult> DownloadAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "programmes/{id}/certificates/{number}/pdf")] HttpRequest request, string id, string number, CancellationToken cancellationToken) =>
        api.ReadAsync(request, caller => CertificateRequests.DownloadAsync(id, number, caller, store, time, cancellationToken));

    /// <summary><c>POST /api/certificates/{number}/revoke</c> (coordinators).</summary>
    [Function("CertificateRevoke")]
    public Task<IResult> RevokeAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "certificates/{number}/revoke")] HttpRequest request, string number, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => CertificateRequests.RevokeAsync(number, caller, body, store, issuer, cancellationToken));

    /// <summary><c>POST /api/certificates/{number}/reissue</c> (coordinators).</summary>
    [Function("CertificateReissue")]
    public Task<IResult> ReissueAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "certificates/{number}/reissue")] HttpRequest request, string number, CancellationToken cancellationToken) =>
        api.FormAsync(request, (caller, body) => CertificateRequests.ReissueAsync(number, caller, body, store, issuer, cancellationToken));

    /// <summary>
    /// <c>GET /api/verify/{number}</c>: public, no key; what the QR code on a certificate opens. A client that ranks
    /// <c>text/html</c> at least as high as JSON (a browser) gets the page; API clients get JSON.
    /// </summary>
    [Function("CertificateVerify")]
    public Task<IResult> VerifyAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "verify/{number}")] HttpRequest request, string number, CancellationToken cancellationToken) =>
        api.PublicAsync(request, async () =>
        {
            var headers = request.HttpContext.Response.Headers;
            headers.Vary = "Accept";
            headers.CacheControl = "no-cache";
            headers["X-Robots-Tag"] = "noindex";
            return Answers.Of(await CertificateRequests.VerifyAsync(number, WantsPage(request), store, cancellationToken).ConfigureAwait(false));
        });

    private static bool WantsPage(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept
            .Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(0)
            .Max();

        var html = Quality("text/html");
        return html > 0 && html >= Math.Max(Quality("application/json"), Quality("application/problem+json"));
    }
}
