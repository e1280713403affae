using System.Net;
using System.Text.Json;
using IkmaWorkflow.StandaloneHost.Tests.Hosting;

namespace IkmaWorkflow.StandaloneHost.Tests.Guarantee;

/// <summary>A programme as the operator reads it over HTTP from whichever host is running: its stage, its certificates, their PDFs and the emails.</summary>
/// <param name="programmeId">The programme.</param>
/// <param name="operatorKey">The hosts' <c>OperatorKey</c>.</param>
/// <param name="liveHost">A host that runs now.</param>
internal sealed class ProgrammeProbe(string programmeId, string operatorKey, Func<HostProcess> liveHost)
{
    /// <summary>The programme's stage now.</summary>
    public async Task<string> StageAsync() =>
        (await GetAsync($"api/programmes/{programmeId}")).GetProperty("stage").GetString()!;

    /// <summary>The programme's certificates, one per participant holding one (pending ones included).</summary>
    public async Task<IReadOnlyList<IssuedCertificate>> CertificatesAsync() =>
        [.. (await GetAsync($"api/programmes/{programmeId}/certificates")).EnumerateArray().Select(c => new IssuedCertificate(
            c.GetProperty("number").GetString()!,
            c.GetProperty("participantId").GetString()!,
            c.GetProperty("holderName").GetString(),
            c.GetProperty("status").GetString()!,
            c.GetProperty("sha256").GetString()))];

    /// <summary>The PDF of certificate <paramref name="number"/>, as coordinators download it.</summary>
    public async Task<byte[]> PdfAsync(string number)
    {
        var host = liveHost();
        var (status, body) = await HostHttp.GetBytesAsync(host, $"api/programmes/{programmeId}/certificates/{number}/pdf", operatorKey);
        Assert.True(status == HttpStatusCode.OK, $"The PDF of certificate {number} answered {(int)status}.{Environment.NewLine}{host.Describe()}");
        return body;
    }

    /// <summary>What public verification (<c>GET /api/verify/{number}</c>, no key) answers for <paramref name="number"/>.</summary>
    public async Task<string> VerifyAsync(string number) =>
        (await HostHttp.GetAsync(liveHost(), $"api/verify/{number}")).AssertStatus(HttpStatusCode.OK).Json().GetProperty("status").GetString()!;

    /// <summary>Every email in the outbox (all pages of <c>GET /api/emails</c>), newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> EmailsAsync()
    {
        var emails = new List<JsonElement>();
        string? path = "api/emails?top=200";
        while (path is not null)
        {
            var page = await GetAsync(path);
            emails.AddRange(page.GetProperty("emails").EnumerateArray());
            path = page.TryGetProperty("next", out var next) && next.GetString() is { } link ? new Uri(link).PathAndQuery.TrimStart('/') : null;
        }

        return emails;
    }

    /// <summary>
    /// The programme's orchestration (<c>programme-{id}</c>) through the durable management API once it has finished
    /// (200), or null while it is pending or running (202).
    /// </summary>
    public async Task<JsonElement?> FinishedOrchestrationAsync()
    {
        var response = await HostHttp.GetAsync(liveHost(), $"api/durable/instances/programme-{programmeId}?showInput=false", operatorKey);
        return response.Status == HttpStatusCode.Accepted ? null : response.AssertStatus(HttpStatusCode.OK).Json();
    }

    /// <summary>The plain-text part of email <paramref name="id"/>.</summary>
    public async Task<string> EmailTextAsync(string id) =>
        (await GetAsync($"api/emails/{id}")).GetProperty("text").GetString()!;

    private async Task<JsonElement> GetAsync(string path) =>
        (await HostHttp.GetAsync(liveHost(), path, operatorKey)).AssertStatus(HttpStatusCode.OK).Json();
}
