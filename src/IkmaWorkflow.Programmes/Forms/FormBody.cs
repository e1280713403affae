using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// A form submission: JSON (<c>application/json</c>), or <c>multipart/form-data</c> with the JSON in field
/// <c>data</c> and an optional file in field <c>document</c>.
/// </summary>
/// <param name="Data">The submitted JSON.</param>
/// <param name="Document">The attached file, if any.</param>
public sealed record FormBody(JsonElement Data, IFormFile? Document)
{
    /// <summary>The largest JSON accepted: 1 MB.</summary>
    public const int MaxJsonBytes = 1024 * 1024;

    /// <summary>Reads the body, or answers why it cannot be read.</summary>
    public static async Task<(FormBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                return (null, FormProblems.UnreadableBody($"The multipart body cannot be read: {ex.Message}", $"Isi multipart tidak dapat dibaca: {ex.Message}"));
            }

            var data = form["data"].ToString();
            if (data.Length == 0)
            {
                return (null, FormProblems.UnreadableBody("The multipart body has no field named 'data'.", "Isi multipart tidak memiliki isian bernama 'data'."));
            }

            var parsed = Parse(data);
            return parsed.Problem is not null ? (null, parsed.Problem) : (new FormBody(parsed.Json, form.Files.GetFile("document")), null);
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FormProblems.UnreadableBody($"Content type '{type}' is not accepted.", $"Jenis isi '{type}' tidak diterima."));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxJsonBytes)
        {
            return (null, FormProblems.UnreadableBody($"The body has {buffer.Length} bytes; at most {MaxJsonBytes} are accepted.", $"Isi berukuran {buffer.Length} byte; paling besar {MaxJsonBytes} byte."));
        }

        var result = Parse(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return result.Problem is not null ? (null, result.Problem) : (new FormBody(result.Json, null), null);
    }

    private static (JsonElement Json, ProblemHttpResult? Problem) Parse(string text)
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
