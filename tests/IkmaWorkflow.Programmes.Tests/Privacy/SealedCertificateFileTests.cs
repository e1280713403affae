using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IkmaWorkflow.Programmes.Certificates.Issuance;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Testing;

namespace IkmaWorkflow.Programmes.Tests.Privacy;

/// <summary>
/// Certificate PDFs sealed whole in Blob Storage (<see cref="CertificateFile"/>) on a private Azurite: a PDF stored in
/// clear before encryption still reads, the resealing seals it and moves files of the previous key to the new one
/// (then finds nothing), after which the new key alone opens them byte for byte.
/// </summary>
public sealed class SealedCertificateFileTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly byte[] Pdf = Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj (Budi Santoso) endobj\n%%EOF\n");

    [Fact]
    public async Task Resealing_ClearPdfAndPdfOfThePreviousKey_SealedWithTheNewKeySoThePreviousCanGo()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var old = await StoreAsync("c" + Guid.NewGuid().ToString("N")[..12], new PersonalDataCipher(oldKey));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Pdf));
        var (content, options) = CertificateFile.Sealed(old, Pdf, sha256, new BlobRequestConditions { IfNoneMatch = ETag.All });
        await old.CertificateFiles.GetBlobClient("prg-1/old-key.pdf").UploadAsync(content, options);
        await old.CertificateFiles.GetBlobClient("prg-1/clear.pdf").UploadAsync(
            BinaryData.FromBytes(Pdf), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" }, Metadata = new Dictionary<string, string> { ["sha256"] = sha256 } });
        Assert.DoesNotContain("Budi", await RawAsync(old, "prg-1/old-key.pdf"), StringComparison.Ordinal);

        var rotated = await StoreAsync(old.Prefix, new PersonalDataCipher(newKey, oldKey));
        var onlyNew = await StoreAsync(old.Prefix, new PersonalDataCipher(newKey));
        Assert.Equal(Pdf, await CertificateFile.ReadAsync(rotated, "prg-1/old-key.pdf", CancellationToken.None));
        Assert.Equal(Pdf, await CertificateFile.ReadAsync(onlyNew, "prg-1/clear.pdf", CancellationToken.None));
        await Assert.ThrowsAsync<PersonalDataKeyException>(() => CertificateFile.ReadAsync(onlyNew, "prg-1/old-key.pdf", CancellationToken.None));

        var outbox = new EmailOutbox(new TableServiceClient(azurite.ConnectionString), new QueueMessageWriter(AzuriteClients.Queues(azurite.ConnectionString)), TimeProvider.System, rotated.PersonalData, new EmailStorageNames(UniqueName.ForTable("outbox"), UniqueName.Create("email-outbox"), UniqueName.Create("emails")));
        Assert.Equal(2, await PersonalDataResealer.RunAsync(rotated, outbox, TimeProvider.System, CancellationToken.None));
        Assert.Equal(0, await PersonalDataResealer.RunAsync(rotated, outbox, TimeProvider.System, CancellationToken.None));

        foreach (var name in new[] { "prg-1/old-key.pdf", "prg-1/clear.pdf" })
        {
            var raw = await RawAsync(onlyNew, name);
            Assert.StartsWith($"{PersonalDataCipher.FilePrefix}{onlyNew.PersonalData.KeyId}:", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("Budi", raw, StringComparison.Ordinal);
            Assert.Equal(Pdf, await CertificateFile.ReadAsync(onlyNew, name, CancellationToken.None));
            var metadata = (await onlyNew.CertificateFiles.GetBlobClient(name).GetPropertiesAsync()).Value.Metadata;
            Assert.Equal((sha256, onlyNew.PersonalData.KeyId), (metadata[CertificateFile.Sha256Metadata], metadata[CertificateFile.SealedWithMetadata]));
        }
    }

    [Fact]
    public async Task Resealing_PdfReissuedBetweenItsReadAndItsWrite_KeepsTheReissuedPdf()
    {
        var store = await StoreAsync("c" + Guid.NewGuid().ToString("N")[..12], new PersonalDataCipher(RandomNumberGenerator.GetBytes(32)));
        const string name = "prg-1/reissued.pdf";
        await store.CertificateFiles.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(Pdf));
        var reissued = Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj (Budi Santoso, reissued) endobj\n%%EOF\n");

        // The resealing's upload of the file waits until the certificate is reissued (a new PDF stored) after its read.
        var reissue = new BeforeFirstUpload(name, async () =>
        {
            var (content, options) = CertificateFile.Sealed(store, reissued, Convert.ToHexStringLower(SHA256.HashData(reissued)), new BlobRequestConditions());
            await store.CertificateFiles.GetBlobClient(name).UploadAsync(content, options);
        });
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        options.AddPolicy(reissue, HttpPipelinePosition.PerCall);
        var resealing = new RecordStore(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString, options), store.Prefix, store.PersonalData);

        Assert.Equal(0, await CertificateFile.ResealAsync(resealing, [name], CancellationToken.None));

        Assert.True(reissue.Ran);
        Assert.Equal(reissued, await CertificateFile.ReadAsync(store, name, CancellationToken.None));
        Assert.Empty(await CertificateFile.FilesToResealAsync(store, CancellationToken.None));
    }

    private static async Task<string> RawAsync(RecordStore store, string name) =>
        Encoding.Latin1.GetString((await store.CertificateFiles.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray());

    private async Task<RecordStore> StoreAsync(string prefix, PersonalDataCipher cipher)
    {
        var store = new RecordStore(new TableServiceClient(azurite.ConnectionString), AzuriteClients.Blobs(azurite.ConnectionString), prefix, cipher);
        await store.EnsureCreatedAsync(CancellationToken.None);
        return store;
    }

    // Runs an action once, before the first upload of one blob is sent.
    private sealed class BeforeFirstUpload(string blobName, Func<Task> action) : HttpPipelinePolicy
    {
        public bool Ran { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The resealing uploads asynchronously.");

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (!Ran && message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/" + blobName, StringComparison.Ordinal))
            {
                Ran = true;
                await action();
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
