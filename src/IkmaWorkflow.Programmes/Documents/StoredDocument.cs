using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Documents;

/// <summary>How long a document is kept: the tag decides when it is purged (docs/data-design.md).</summary>
public enum RetentionTag
{
    /// <summary>Agreements and official letters: kept for good.</summary>
    Permanent,

    /// <summary>Programme reports and records: ten years after the programme.</summary>
    ProgrammeRecord,

    /// <summary>Event and group photos: five years.</summary>
    Photo,

    /// <summary>Anything identifying a person (a face, a name list): until the programme's follow-up ends.</summary>
    PersonalData,
}

/// <summary>A document stored in blob storage, described by content type, size, SHA-256 and retention tag.</summary>
/// <param name="BlobName">The blob's name in the documents container.</param>
/// <param name="FileName">The file name as uploaded (sanitised).</param>
/// <param name="ContentType">The content type as uploaded.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256 of the content, hex.</param>
/// <param name="Retention">The retention tag.</param>
public sealed record StoredDocument(string BlobName, string FileName, string ContentType, long Size, string Sha256, RetentionTag Retention)
{
    /// <summary>The largest document accepted: 25 MB.</summary>
    public const long MaxSize = 25 * 1024 * 1024;

    /// <summary>Content types accepted for documents.</summary>
    public static readonly IReadOnlySet<string> AcceptedContentTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "image/jpeg", "image/png", "image/webp",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/csv", "text/plain",
    };

    /// <summary>
    /// Checks the file sent in multipart field <c>document</c>, reporting a missing (when <paramref name="required"/>),
    /// empty, too large or unaccepted file on <paramref name="form"/>.
    /// </summary>
    public static void Check(FormReader form, UploadedFile? file, bool required)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (file is null)
        {
            if (required)
            {
                form.Fail("document", "Attach the file in the multipart field 'document'.", "Lampirkan berkas pada isian multipart 'document'.");
            }
        }
        else if (file.Length == 0)
        {
            form.Fail("document", "The file is empty.", "Berkas kosong.");
        }
        else if (file.Length > MaxSize)
        {
            form.Fail("document", $"The file has {file.Length} bytes; at most {MaxSize} are accepted.", $"Berkas berukuran {file.Length} byte; paling besar {MaxSize} byte.");
        }
        else if (ContentTypeOf(file) is var type && !AcceptedContentTypes.Contains(type))
        {
            var accepted = string.Join(", ", AcceptedContentTypes);
            form.Fail("document", $"Content type '{type}' is not accepted; send one of: {accepted}.", $"Jenis isi '{type}' tidak diterima; kirim salah satu dari: {accepted}.");
        }
    }

    /// <summary>Uploads <paramref name="file"/> under <paramref name="folder"/>, hashing it on the way.</summary>
    public static async Task<StoredDocument> UploadAsync(BlobContainerClient container, string folder, UploadedFile file, RetentionTag retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(file);
        var fileName = SafeFileName(file.FileName);
        var blobName = $"{folder}/{RecordId.New("doc")}/{fileName}";
        var contentType = ContentTypeOf(file);

        using var content = new MemoryStream(capacity: (int)file.Length);
        using (var source = file.OpenRead())
        {
            await source.CopyToAsync(content, cancellationToken).ConfigureAwait(false);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
        content.Position = 0;

        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["retention"] = retention.ToString() },
            Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
        };
        await container.GetBlobClient(blobName).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        return new StoredDocument(blobName, fileName, contentType, content.Length, sha256, retention);
    }

    private static string ContentTypeOf(UploadedFile file) =>
        string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType.Split(';')[0].Trim();

    // Keeps letters, digits, dot, dash and underscore, so a file name can never climb out of its folder.
    private static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileName(name ?? string.Empty);
        var safe = new string([.. baseName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).Trim('.');
        return safe.Length == 0 ? "document" : safe[..Math.Min(safe.Length, 100)];
    }
}
