using System.Text;
using System.Text.Json;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Who App Service authentication says signed in: the <c>X-MS-CLIENT-PRINCIPAL</c> header, base64 JSON with the
/// identity provider's claims. Only read when <see cref="PageOptions.TrustAppServiceAuthentication"/> is set.
/// </summary>
public static class AppServicePrincipal
{
    /// <summary>The header App Service authentication adds to each request.</summary>
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    // Where Entra ID puts the address people are known by, most specific first.
    private static readonly string[] EmailClaims =
    [
        "email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "preferred_username",
        "upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
    ];

    /// <summary>The signed-in person's email address from <paramref name="header"/>, or none when it holds none or cannot be read.</summary>
    public static string? EmailOf(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 16_384)
        {
            return null;
        }

        try
        {
            using var principal = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            if (!principal.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var values = claims.EnumerateArray()
                .Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("typ", out var t) && t.ValueKind == JsonValueKind.String && c.TryGetProperty("val", out var v) && v.ValueKind == JsonValueKind.String)
                .Select(c => (Type: c.GetProperty("typ").GetString()!, Value: c.GetProperty("val").GetString()!))
                .ToList();
            return EmailClaims.Select(type => values.FirstOrDefault(c => c.Type == type && c.Value.Contains('@', StringComparison.Ordinal)).Value).FirstOrDefault(v => v is not null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
