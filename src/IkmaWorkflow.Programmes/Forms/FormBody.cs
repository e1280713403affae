using System.Buffers;
using System.Text;
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
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text).AsMemory());
    }

    /// <summary>
    /// The submitted JSON, or the problem that says why <paramref name="utf8"/> is not a form: not UTF-8 (named by
    /// byte offset rather than stored with replacement characters), not JSON, or holding text that is not Unicode (a
    /// lone surrogate escape such as <c>\ud800</c>, named by field).
    /// </summary>
    public static (JsonElement Json, Problem? Problem) Parse(ReadOnlyMemory<byte> utf8)
    {
        if (InvalidUtf8At(utf8.Span) is { } offset)
        {
            return (default, FormProblems.UnreadableBody(
                $"The body is not UTF-8: the bytes at offset {offset} are not a UTF-8 character.",
                $"Isi permintaan bukan UTF-8: byte pada posisi {offset} bukan karakter UTF-8."));
        }

        if (utf8.Span.TrimStart(" \t\r\n"u8).IsEmpty)
        {
            return (default, FormProblems.UnreadableBody("The body is empty.", "Isi permintaan kosong."));
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(utf8);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            return (default, FormProblems.UnreadableBody($"The body is not valid JSON{where}.", $"Isi permintaan bukan JSON yang valid{where}."));
        }

        var notText = new List<FieldError>();
        FindInvalidText(root, "$", notText);
        return notText.Count > 0 ? (default, FormProblems.Invalid(notText)) : (root, null);
    }

    /// <summary>The offset of the first byte of <paramref name="utf8"/> that does not start a UTF-8 character; <see langword="null"/> when all do.</summary>
    public static long? InvalidUtf8At(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return null;
        }

        long offset = 0;
        while (!utf8.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(utf8, out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                return offset;
            }

            utf8 = utf8[consumed..];
            offset += consumed;
        }

        return null;
    }

    // Strings and names that JSON escapes make into text that is not Unicode (an unpaired surrogate): reading them
    // throws, so they are found here, once, and named.
    private static void FindInvalidText(JsonElement element, string path, List<FieldError> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        found.Add(new FieldError(path, "A field name is not Unicode text (it has an unpaired surrogate escape such as \\ud800).", "Nama isian bukan teks Unicode (berisi escape surrogate tanpa pasangan seperti \\ud800)."));
                        continue;
                    }

                    FindInvalidText(property.Value, path == "$" ? name : $"{path}.{name}", found);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    FindInvalidText(item, $"{path}[{index++}]", found);
                }

                break;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    found.Add(new FieldError(path, "Is not Unicode text: it has an unpaired surrogate escape such as \\ud800.", "Bukan teks Unicode: berisi escape surrogate tanpa pasangan seperti \\ud800."));
                }

                break;
        }
    }
}
