using Azure;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Certificates.Issuance;

/// <summary>
/// A certificate PDF as stored in Blob Storage: sealed whole with the personal-data key
/// (<see cref="Privacy.PersonalDataCipher.SealFile"/>), since it prints the holder's full name. Every reader of the
/// certificates container opens it here; a PDF stored before encryption (plain <c>%PDF</c>) is read as it is.
/// </summary>
public static class CertificateFile
{
    /// <summary>The blob metadata naming the key a stored file is sealed with (its id), so the resealing skips files that need nothing.</summary>
    public const string SealedWithMetadata = "sealedwith";

    /// <summary>The blob metadata holding the SHA-256 of the PDF as issued (the clear PDF, as downloaded).</summary>
    public const string Sha256Metadata = "sha256";

    /// <summary>The stored PDF named <paramref name="blobName"/>, opened: the bytes as issued.</summary>
    /// <exception cref="RequestFailedException">Storage failed, or the blob does not exist (404).</exception>
    /// <exception cref="Privacy.PersonalDataKeyException">The file is sealed with a key that is not configured, or does not open with it.</exception>
    public static async Task<byte[]> ReadAsync(RecordStore store, string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        BlobDownloadResult stored = await store.CertificateFiles.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        return store.PersonalData.OpenFile(stored.Content.ToArray());
    }

    /// <summary>How a PDF is uploaded: sealed with the current key, with its clear SHA-256 and the key id in metadata, under <paramref name="conditions"/>.</summary>
    internal static (BinaryData Content, BlobUploadOptions Options) Sealed(RecordStore store, byte[] pdf, string sha256, BlobRequestConditions conditions) =>
        (BinaryData.FromBytes(store.PersonalData.SealFile(pdf)),
         new BlobUploadOptions
         {
             HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
             Metadata = new Dictionary<string, string> { [Sha256Metadata] = sha256, [SealedWithMetadata] = store.PersonalData.KeyId },
             Conditions = conditions,
         });

    /// <summary>The stored PDFs held in clear or under the previous key (by the key id in their metadata).</summary>
    internal static async Task<List<string>> FilesToResealAsync(RecordStore store, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var item in store.CertificateFiles.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix: null, cancellationToken).ConfigureAwait(false))
        {
            if (!item.Metadata.TryGetValue(SealedWithMetadata, out var keyId) || keyId != store.PersonalData.KeyId)
            {
                names.Add(item.Name);
            }
        }

        return names;
    }

    /// <summary>
    /// Seals the PDFs found by <see cref="FilesToResealAsync"/> with the current key; answers how many were rewritten.
    /// Each is replaced only if its ETag is still the one it was read with; one changed meanwhile (or deleted by an
    /// erasure) is left for the next run.
    /// </summary>
    internal static async Task<int> ResealAsync(RecordStore store, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var cipher = store.PersonalData;
        var rewritten = 0;
        foreach (var name in names)
        {
            var blob = store.CertificateFiles.GetBlobClient(name);
            BlobDownloadResult stored;
            try
            {
                stored = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                continue;
            }

            var bytes = stored.Content.ToArray();
            var pdf = cipher.OpenFile(bytes);
            var sha256 = stored.Details.Metadata.TryGetValue(Sha256Metadata, out var kept) ? kept : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf));
            var (content, options) = Sealed(store, pdf, sha256, new BlobRequestConditions { IfMatch = stored.Details.ETag });
            try
            {
                await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
                rewritten++;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404 || ex.ErrorCode == BlobErrorCode.ConditionNotMet)
            {
                // Changed or deleted since it was read: the next run looks again.
            }
        }

        return rewritten;
    }
}
