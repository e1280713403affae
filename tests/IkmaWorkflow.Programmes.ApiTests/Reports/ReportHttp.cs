using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.Reports;

/// <summary>GET with the answer's status and JSON body, for refusals.</summary>
internal static class ReportHttp
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> GetWithBodyAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
