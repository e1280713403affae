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
/// <param name="Size">Bytes stored.</param>
/// <param name="Sha256">SHA-256 of the content stored, hex.</param>
/// <param name="Retention">The retention tag.</param>
/// <param name="Removed">What was taken out of the upload before storing it.</param>
public sealed record StoredDocument(string BlobName, string FileName, string ContentType, long Size, string Sha256, RetentionTag Retention, IReadOnlyList<RemovedPart> Removed)
{
    /// <summary>The largest document accepted: 25 MB.</summary>
    public const long MaxSize = 25 * 1024 * 1024;

    /// <summary>
    /// Reads and checks the file sent in multipart field <c>document</c>, reporting on <paramref name="form"/>'s field
    /// <c>document</c> a missing (when <paramref name="required"/>), empty or too large file, a content type
    /// <paramref name="accepted"/> does not list, and content that is not what the type says or is refused by
    /// <see cref="FileContent"/> (active content, a broken image). Images come back without their location metadata.
    /// </summary>
    /// <returns>The file to store; null when none was sent or it is refused.</returns>
    public static async Task<CheckedFile?> CheckAsync(FormReader form, UploadedFile? file, AcceptedFiles accepted, bool required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(accepted);
        if (file is null)
        {
            if (required)
            {
                form.Fail("document", "Attach the file in the multipart field 'document'.", "Lampirkan berkas pada isian multipart 'document'.");
            }

            return null;
        }

        if (file.Length == 0)
        {
            form.Fail("document", "The file is empty.", "Berkas kosong.");
            return null;
        }

        if (file.Length > MaxSize)
        {
            form.Fail("document", $"The file has {file.Length} bytes; at most {MaxSize} are accepted.", $"Berkas berukuran {file.Length} byte; paling besar {MaxSize} byte.");
            return null;
        }

        var type = ContentTypeOf(file);
        if (!accepted.ContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            form.Fail(
                "document",
                $"Content type '{type}' is not accepted: {accepted.English} must be {accepted.List("or")}; the file is sent as {type}.",
                $"Jenis isi '{type}' tidak diterima: {accepted.Indonesian} harus {accepted.List("atau")}; berkas dikirim sebagai {type}.");
            return null;
        }

        var content = await ReadAsync(file, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            form.Fail("document", $"The file holds more than {MaxSize} bytes, more than it declared; at most {MaxSize} are accepted.", $"Berkas berisi lebih dari {MaxSize} byte, melebihi ukuran yang dinyatakan; paling besar {MaxSize} byte.");
            return null;
        }

        var check = FileContent.Check(content, type.ToLowerInvariant());
        if (check.Refusal is { } refusal)
        {
            form.Fail("document", refusal.English, refusal.Indonesian);
            return null;
        }

        return new CheckedFile(SafeFileName(file.FileName), type.ToLowerInvariant(), check.Content!, check.Removed);
    }

    /// <summary>
    /// Uploads <paramref name="file"/> under <paramref name="folder"/>, hashing it on the way. The name is new, so
    /// nothing is overwritten, except the blob of an interrupted submission run again (<see cref="RecordId.DeriveFrom"/>):
    /// the same name and content, so that run goes on to store the record the first one did not.
    /// </summary>
    public static async Task<StoredDocument> UploadAsync(BlobContainerClient container, string folder, CheckedFile file, RetentionTag retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(file);
        var blobName = $"{folder}/{RecordId.New("doc")}/{file.FileName}";
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content));
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["retention"] = retention.ToString() },
        };
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(file.Content), options, cancellationToken).ConfigureAwait(false);
        return new StoredDocument(blobName, file.FileName, file.ContentType, file.Content.Length, sha256, retention, file.Removed);
    }

    // The whole file, or null when it holds more than MaxSize bytes whatever its declared length.
    private static async Task<byte[]?> ReadAsync(UploadedFile file, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(capacity: (int)file.Length);
        var buffer = new byte[81920];
        using var source = file.OpenRead();
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (content.Length + read > MaxSize)
            {
                return null;
            }

            content.Write(buffer, 0, read);
        }

        return content.ToArray();
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
