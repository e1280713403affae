using Azure.Data.Tables;
using Azure.Storage.Blobs;
using IkmaWorkflow.Programmes.Privacy;

namespace IkmaWorkflow.Programmes.Storage;

/// <summary>
/// The tables and blob containers holding the programme's records (docs/data-design.md). Names start with a prefix
/// so several apps, or tests, can share a storage account. They are created on first use, never at start-up.
/// </summary>
public sealed class RecordStore
{
    private readonly Lock _creationLock = new();
    private Task? _creation;

    /// <summary>Opens the store's tables and containers on the given clients.</summary>
    /// <param name="tables">The account's table service.</param>
    /// <param name="blobs">The account's blob service.</param>
    /// <param name="prefix">Lower-case letters and digits starting with a letter, at most 20 characters.</param>
    /// <param name="personalData">Seals names and contacts; the development key when not given (tests on Azurite).</param>
    public RecordStore(TableServiceClient tables, BlobServiceClient blobs, string prefix, PersonalDataCipher? personalData = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException($"'{prefix}' is not a valid record store prefix: use 1 to 20 lower-case letters and digits, starting with a letter.", nameof(prefix));
        }

        Prefix = prefix;
        Organisations = tables.GetTableClient(prefix + "Organisations");
        People = tables.GetTableClient(prefix + "People");
        Mous = tables.GetTableClient(prefix + "Mous");
        Letters = tables.GetTableClient(prefix + "Letters");
        Programmes = tables.GetTableClient(prefix + "Programmes");
        Identities = tables.GetTableClient(prefix + "Identities");
        Certificates = tables.GetTableClient(prefix + "Certificates");
        Submissions = tables.GetTableClient(prefix + "Submissions");
        WakeUps = tables.GetTableClient(prefix + "WakeUps");
        SignInLinks = tables.GetTableClient(prefix + "SignInLinks");
        Sessions = tables.GetTableClient(prefix + "Sessions");
        AuditLog = tables.GetTableClient(prefix + "AuditLog");
        PersonalData = personalData ?? PersonalDataCipher.Development;
        Documents = blobs.GetBlobContainerClient(prefix + "-documents");
        CertificateFiles = blobs.GetBlobContainerClient(prefix + "-certificates");
    }

    /// <summary>The prefix of every table and container name.</summary>
    public string Prefix { get; }

    /// <summary>Organisations, one partition for all (<c>PartitionKey = "organisation"</c>).</summary>
    public TableClient Organisations { get; }

    /// <summary>People acting for organisations, one partition per organisation.</summary>
    public TableClient People { get; }

    /// <summary>MoUs, one partition for all.</summary>
    public TableClient Mous { get; }

    /// <summary>Activity letters, one partition for all.</summary>
    public TableClient Letters { get; }

    /// <summary>Everything of one programme in one partition: the programme, tracks, participants, attendance, results.</summary>
    public TableClient Programmes { get; }

    /// <summary>Participants' names and contact details, kept apart from the programme records.</summary>
    public TableClient Identities { get; }

    /// <summary>Issued certificates by number, for public verification.</summary>
    public TableClient Certificates { get; }

    /// <summary>Answers to submissions by idempotency key.</summary>
    public TableClient Submissions { get; }

    /// <summary>
    /// Stored wake-ups of orchestrations waiting for a business deadline, one partition per due day in WIB
    /// (docs/time-and-deadlines.md).
    /// </summary>
    public TableClient WakeUps { get; }

    /// <summary>One-time sign-in links of the web pages, by the SHA-256 of their token (docs/pages.md).</summary>
    public TableClient SignInLinks { get; }

    /// <summary>Signed-in sessions of the web pages, by the SHA-256 of their cookie (docs/pages.md).</summary>
    public TableClient Sessions { get; }

    /// <summary>The append-only audit log of writes and reads of personal data, one partition per day in WIB (docs/personal-data.md).</summary>
    public TableClient AuditLog { get; }

    /// <summary>Seals names and contact details before they are stored, and opens them when read.</summary>
    public PersonalDataCipher PersonalData { get; }

    /// <summary>Uploaded documents (signed MoUs, letters, photos, reports).</summary>
    public BlobContainerClient Documents { get; }

    /// <summary>Certificate PDFs, frozen at issue.</summary>
    public BlobContainerClient CertificateFiles { get; }

    /// <summary>Whether <paramref name="prefix"/> can start table and container names.</summary>
    public static bool IsValidPrefix(string? prefix) =>
        prefix is { Length: > 0 and <= 20 } && char.IsAsciiLetterLower(prefix[0]) && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    /// <summary>Creates the tables and containers once per process; a failed attempt is tried again on the next call.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task creation;
        lock (_creationLock)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = CreateAsync();
            }

            creation = _creation;
        }

        return creation.WaitAsync(cancellationToken);
    }

    private async Task CreateAsync()
    {
        var tables = new[] { Organisations, People, Mous, Letters, Programmes, Identities, Certificates, Submissions, WakeUps, SignInLinks, Sessions, AuditLog };
        await Task.WhenAll(tables.Select(t => t.CreateIfNotExistsAsync())).ConfigureAwait(false);
        await Task.WhenAll(Documents.CreateIfNotExistsAsync(), CertificateFiles.CreateIfNotExistsAsync()).ConfigureAwait(false);
    }
}
