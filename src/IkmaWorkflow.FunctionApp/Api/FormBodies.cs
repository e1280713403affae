using System.Text;
using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>Reads a form from the request: JSON, or multipart with the JSON in <c>data</c> and a file in <c>document</c>.</summary>
public static class FormBodies
{
    /// <summary>The form, or the problem that says why the body cannot be read as one.</summary>
    public static async Task<(FormBody? Body, Problem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await ReadMultipartAsync(request, cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return (null, unreadable);
            }

            var data = form!["data"].ToString();
            if (data.Length == 0)
            {
                return (null, FormProblems.UnreadableBody("The multipart body has no field named 'data'.", "Isi multipart tidak memiliki isian bernama 'data'."));
            }

            var parsed = FormBody.Parse(data);
            return parsed.Problem is not null ? (null, parsed.Problem) : (new FormBody(parsed.Json, Uploaded(form.Files.GetFile("document"))), null);
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FormProblems.UnreadableBody($"Content type '{type}' is not accepted.", $"Jenis isi '{type}' tidak diterima."));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > FormBody.MaxJsonBytes)
        {
            return (null, FormProblems.UnreadableBody($"The body has {buffer.Length} bytes; at most {FormBody.MaxJsonBytes} are accepted.", $"Isi berukuran {buffer.Length} byte; paling besar {FormBody.MaxJsonBytes} byte."));
        }

        var result = FormBody.Parse(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return result.Problem is not null ? (null, result.Problem) : (new FormBody(result.Json, null), null);
    }

    /// <summary>A text file sent as the body itself, or as the file in multipart field <c>document</c>.</summary>
    public static async Task<(string? Text, Problem? Problem)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Stream content;
        if (request.HasFormContentType)
        {
            var (form, unreadable) = await ReadMultipartAsync(request, cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return (null, unreadable);
            }

            if (form!.Files.GetFile("document") is not { } file)
            {
                return (null, FormProblems.UnreadableBody("The multipart body has no file named 'document'.", "Isi multipart tidak memiliki berkas bernama 'document'."));
            }

            content = file.OpenReadStream();
        }
        else
        {
            content = request.Body;
        }

        using var reader = new StreamReader(content, Encoding.UTF8);
        return (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), null);
    }

    private static async Task<(IFormCollection? Form, Problem? Problem)> ReadMultipartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (await request.ReadFormAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (InvalidDataException ex)
        {
            return (null, FormProblems.UnreadableBody($"The multipart body cannot be read: {ex.Message}", $"Isi multipart tidak dapat dibaca: {ex.Message}"));
        }
    }

    private static UploadedFile? Uploaded(IFormFile? file) =>
        file is null ? null : new UploadedFile(file.FileName, file.ContentType, file.Length, file.OpenReadStream);
}
