using System.Text.Json;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// A form submission: JSON (<c>application/json</c>), or <c>multipart/form-data</c> with the JSON in field
/// <c>data</c> and an optional file in field <c>document</c>. The function app reads it from the request.
/// </summary>
/// <param name="Data">The submitted JSON.</param>
/// <param name="Document">The attached file, if any.</param>
public sealed record FormBody(JsonElement Data, UploadedFile? Document)
{
    /// <summary>The largest JSON accepted: 1 MB.</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>The submitted JSON, or the problem that says why <paramref name="text"/> is not a form.</summary>
    public static (JsonElement Json, Problem? Problem) Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (default, FormProblems.UnreadableBody("The body is empty.", "Isi permintaan kosong."));
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            return (default, FormProblems.UnreadableBody($"The body is not valid JSON{where}.", $"Isi permintaan bukan JSON yang valid{where}."));
        }
    }
}
