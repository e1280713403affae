using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http.Features;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// Reads a form from the request: JSON, or multipart with the JSON in <c>data</c> and a file in <c>document</c>, or a
/// CSV file; never more of it than its <see cref="BodyLimit"/> takes, and every body it cannot read answered with a
/// 400 or 413 problem that says why (never a 500).
/// </summary>
public static class FormBodies
{
    private const string DataField = "data";
    private const string FileField = "document";

    /// <summary>
    /// Before anything reads the body: 413 when its declared length is over <paramref name="limit"/>, and otherwise
    /// makes reading past the limit throw <see cref="BodyTooLargeException"/> (a body that declares no length, or
    /// declares too little).
    /// </summary>
    public static Problem? Limit(HttpRequest request, BodyLimit limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limit);
        if (request.ContentLength > limit.MaxBytes)
        {
            return FormProblems.BodyTooLarge(limit.MaxBytes, request.ContentLength, limit.English, limit.Indonesian);
        }

        request.Body = new LimitedBody(request.Body, limit.MaxBytes);
        return null;
    }

    /// <summary>
    /// The problem <paramref name="exception"/>, thrown while the body was read, stands for: 413 for a body longer than
    /// <paramref name="limit"/>, 400 for one the server could not read to its end (cut off before its declared length);
    /// <see langword="null"/> for an exception that is not about the body.
    /// </summary>
    public static Problem? ProblemOf(Exception exception, BodyLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return exception switch
        {
            BodyTooLargeException => FormProblems.BodyTooLarge(limit.MaxBytes, null, limit.English, limit.Indonesian),
            BadHttpRequestException bad => FormProblems.UnreadableBody(
                $"The body could not be read to its end ({bad.Message.TrimEnd('.')}).",
                "Isi permintaan tidak dapat dibaca sampai akhir (terputus sebelum panjang yang dinyatakan)."),
            _ => null,
        };
    }

    /// <summary>The form, or the problem that says why the body cannot be read as one.</summary>
    public static async Task<(FormBody? Body, Problem? Problem)> ReadAsync(HttpRequest request, BodyLimit limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limit);
        if (IsMultipartForm(request))
        {
            if (limit.MaxFileBytes == 0)
            {
                return (null, FormProblems.UnreadableBody(
                    "This form takes JSON (application/json) only, not multipart.",
                    "Formulir ini hanya menerima JSON (application/json), bukan multipart."));
            }

            var (form, unreadable) = await ReadMultipartAsync(request, limit, cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return (null, unreadable);
            }

            var data = form![DataField];
            if (data.Count == 0 || data.ToString().Length == 0)
            {
                return (null, FormProblems.UnreadableBody("The multipart body has no field named 'data'.", "Isi multipart tidak memiliki isian bernama 'data'."));
            }

            var parsed = FormBody.Parse(data.ToString());
            return parsed.Problem is not null ? (null, parsed.Problem) : (new FormBody(parsed.Json, Uploaded(form.Files.GetFile(FileField))), null);
        }

        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, FormProblems.UnreadableBody($"Content type '{type}' is not accepted.", $"Jenis isi '{type}' tidak diterima."));
        }

        var (json, tooLong) = await ReadAtMostAsync(request.Body, limit.MaxDataBytes, cancellationToken).ConfigureAwait(false);
        if (tooLong)
        {
            return (null, FormProblems.BodyTooLarge(limit.MaxDataBytes, null, "1 MB of JSON", "JSON 1 MB"));
        }

        var result = FormBody.Parse(json);
        return result.Problem is not null ? (null, result.Problem) : (new FormBody(result.Json, null), null);
    }

    /// <summary>
    /// A text file sent as the body itself (<c>text/csv</c>, <c>text/plain</c> or no content type), or as the file in
    /// multipart field <c>document</c>, to be read as a stream: nothing of it is read here.
    /// </summary>
    public static async Task<(Stream? Text, Problem? Problem)> OpenTextAsync(HttpRequest request, BodyLimit limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limit);
        if (IsMultipartForm(request))
        {
            var (form, unreadable) = await ReadMultipartAsync(request, limit, cancellationToken).ConfigureAwait(false);
            if (unreadable is not null)
            {
                return (null, unreadable);
            }

            if (form!.Files.GetFile(FileField) is not { } file)
            {
                return (null, FormProblems.UnreadableBody("The multipart body has no file named 'document'.", "Isi multipart tidak memiliki berkas bernama 'document'."));
            }

            return (file.OpenReadStream(), null);
        }

        if (request.ContentType is { } type && !(type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, FormProblems.UnreadableBody(
                $"Content type '{type}' is not accepted; send the CSV file as text/csv, or in the multipart field 'document'.",
                $"Jenis isi '{type}' tidak diterima; kirim berkas CSV sebagai text/csv, atau pada isian multipart 'document'."));
        }

        return (request.Body, null);
    }

    // Reads the multipart body with limits from the form: the JSON at most MaxDataBytes, the file at most
    // MaxFileBytes, a handful of parts; and only the fields 'data' (not for a file-only form) and 'document', once each.
    private static async Task<(IFormCollection? Form, Problem? Problem)> ReadMultipartAsync(HttpRequest request, BodyLimit limit, CancellationToken cancellationToken)
    {
        if (!HasBoundary(request.ContentType))
        {
            return (null, FormProblems.UnreadableBody(
                "The multipart body's content type names no boundary (Content-Type: multipart/form-data; boundary=...).",
                "Jenis isi multipart tidak menyebut boundary (Content-Type: multipart/form-data; boundary=...)."));
        }

        IFormCollection form;
        try
        {
            var options = new FormOptions
            {
                ValueCountLimit = 8,
                ValueLengthLimit = (int)Math.Max(limit.MaxDataBytes, 1024),
                MultipartBodyLengthLimit = limit.MaxBytes,
                MultipartHeadersLengthLimit = 16 * 1024,
            };
            form = await request.ReadFormAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (BodyTooLargeException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A body cut off before its closing boundary ends the stream early (IOException); a part over its limit,
            // or headers that are not multipart, are InvalidDataException.
            var (english, indonesian) = ex is InvalidDataException
                ? ($"The multipart body cannot be read: {ex.Message.TrimEnd('.')}.", "Isi multipart tidak dapat dibaca: bagiannya melebihi batas atau tidak berbentuk multipart.")
                : ("The multipart body ends before its closing boundary: it was cut off.", "Isi multipart berakhir sebelum boundary penutupnya: isinya terpotong.");
            return (null, FormProblems.UnreadableBody(english, indonesian));
        }

        var fields = limit.FileIsBody ? new[] { FileField } : [DataField, FileField];
        var unknown = form.Keys.Concat(form.Files.Select(f => f.Name)).Where(name => !fields.Contains(name, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var names = string.Join(", ", unknown.Select(n => $"'{n}'"));
            var takes = string.Join(" and ", fields.Select(n => $"'{n}'"));
            return (null, FormProblems.UnreadableBody(
                $"The multipart body has parts this form does not take: {names}; it takes {takes}.",
                $"Isi multipart memiliki bagian yang tidak diterima formulir ini: {names}; formulir menerima {takes}."));
        }

        var repeated = fields.Where(n => form[n].Count + form.Files.GetFiles(n).Count > 1).ToList();
        if (repeated.Count > 0)
        {
            var names = string.Join(", ", repeated.Select(n => $"'{n}'"));
            return (null, FormProblems.UnreadableBody($"The multipart body gives {names} more than once.", $"Isi multipart memberikan {names} lebih dari sekali."));
        }

        if (form.Files.GetFile(DataField) is not null)
        {
            return (null, FormProblems.UnreadableBody("The multipart part 'data' is a file; send the JSON as a field.", "Bagian multipart 'data' berupa berkas; kirim JSON sebagai isian."));
        }

        if (form.Files.GetFile(FileField) is { } file && file.Length > limit.MaxFileBytes)
        {
            return (null, FormProblems.BodyTooLarge(limit.MaxFileBytes, file.Length, $"a file of at most {limit.MaxFileBytes} bytes", $"berkas paling besar {limit.MaxFileBytes} byte"));
        }

        return (form, null);
    }

    // At most maxBytes of the stream; TooLong when it holds more (the extra byte is read, nothing beyond it).
    private static async Task<(ReadOnlyMemory<byte> Bytes, bool TooLong)> ReadAtMostAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    return (default, true);
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return length > maxBytes ? (default, true) : (buffer.AsMemory(0, length), false);
            }

            length += read;
        }
    }

    private static bool IsMultipartForm(HttpRequest request) =>
        request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    private static bool HasBoundary(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(parsed.Boundary).Length > 0;

    private static UploadedFile? Uploaded(IFormFile? file) =>
        file is null ? null : new UploadedFile(file.FileName, file.ContentType, file.Length, file.OpenReadStream);
}
