using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Documents;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Agreements;

/// <summary>Registering MoUs (with the signed document) and reading them.</summary>
public static class MouRequests
{
    /// <summary>An MoU as the API shows it.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Number">The number.</param>
    /// <param name="Title">The title.</param>
    /// <param name="PartyIds">The parties.</param>
    /// <param name="SignedOn">Signing date.</param>
    /// <param name="ValidFrom">First day of validity.</param>
    /// <param name="ValidUntil">Last day of validity.</param>
    /// <param name="RenewsMouId">The MoU it renews.</param>
    /// <param name="RenewedByMouId">The MoU that renewed it.</param>
    /// <param name="Scope">What it covers.</param>
    /// <param name="DocumentSha256">SHA-256 of the signed document, when uploaded.</param>
    public sealed record MouView(string Id, string Number, string Title, IReadOnlyList<string> PartyIds, string SignedOn, string ValidFrom, string ValidUntil, string? RenewsMouId, string? RenewedByMouId, string Scope, string? DocumentSha256)
    {
        internal static MouView Of(MouEntity e) =>
            new(e.RowKey, e.Number, e.Title, e.PartyIds.Split(',', StringSplitOptions.RemoveEmptyEntries), e.SignedOn, e.ValidFrom, e.ValidUntil, e.RenewsMouId, e.RenewedByMouId, e.Scope, e.DocumentSha256);
    }

    /// <summary>
    /// <c>POST /api/mous</c> (coordinators): registers an MoU, JSON or multipart with the signed document. Renewing
    /// an earlier MoU links both in one transaction.
    /// </summary>
    public static async Task<Outcome> RegisterAsync(Caller caller, FormBody body, RecordStore store, TimeProvider time, MouWatcher watcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCoordinator)
        {
            return FormProblems.Forbidden("register MoUs (coordinators do)", "mendaftarkan MoU (dilakukan koordinator)");
        }

        var form = FormReader.For(body.Data);
        var number = form.Text("number", maxLength: 120);
        var title = form.Text("title", maxLength: 300);
        var parties = form.TextList("partyIds", maxItems: 20, maxLength: 40);
        var signedOn = form.Date("signedOn");
        var validFrom = form.Date("validFrom");
        var validUntil = form.Date("validUntil");
        var renews = form.Id("renewsMouId", required: false);
        var scope = form.Text("scope", maxLength: 2000);
        if (parties.Count == 1)
        {
            form.Fail("partyIds", "An MoU has at least two parties.", "MoU memiliki paling sedikit dua pihak.");
        }

        if (validFrom is not null && validUntil is not null && validUntil <= validFrom)
        {
            form.Fail("validUntil", "Must be after validFrom.", "Harus setelah validFrom.");
        }

        if (signedOn is not null && validUntil is not null && signedOn > validUntil)
        {
            form.Fail("signedOn", $"{DateText.Of(signedOn.Value)} is after the MoU's validity ended ({DateText.Of(validUntil.Value)}); an MoU is signed before it ends.", $"{DateText.Of(signedOn.Value)} setelah masa berlaku MoU berakhir ({DateText.Of(validUntil.Value)}); MoU ditandatangani sebelum berakhir.");
        }

        var document = await StoredDocument.CheckAsync(form, body.Document, AcceptedFiles.Mou, required: false, cancellationToken).ConfigureAwait(false);

        await OrganisationLookup.CheckAsync(store, form, "partyIds", parties, null, cancellationToken).ConfigureAwait(false);
        MouEntity? renewed = null;
        if (renews is not null)
        {
            var found = await store.Mous.GetEntityIfExistsAsync<MouEntity>(MouEntity.Partition, renews, cancellationToken: cancellationToken).ConfigureAwait(false);
            renewed = found.HasValue ? found.Value : null;
            if (renewed is null)
            {
                form.Fail("renewsMouId", $"No MoU '{renews}' is registered.", $"Tidak ada MoU '{renews}' yang terdaftar.");
            }
            else if (renewed.RenewedByMouId is not null)
            {
                form.Fail("renewsMouId", $"MoU '{renews}' was already renewed by '{renewed.RenewedByMouId}'.", $"MoU '{renews}' sudah diperpanjang oleh '{renewed.RenewedByMouId}'.");
            }
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var id = RecordId.New("mou");
        var entity = new MouEntity
        {
            RowKey = id,
            Number = number!,
            Title = title!,
            PartyIds = string.Join(',', parties),
            SignedOn = DateText.Of(signedOn!.Value),
            ValidFrom = DateText.Of(validFrom!.Value),
            ValidUntil = DateText.Of(validUntil!.Value),
            RenewsMouId = renews,
            Scope = scope!,
            RegisteredBy = caller.OrganisationId,
            RegisteredAt = time.GetUtcNow(),
        };
        if (document is { } file)
        {
            var stored = await StoredDocument.UploadAsync(store.Documents, $"mous/{id}", file, RetentionTag.Permanent, cancellationToken).ConfigureAwait(false);
            entity.DocumentBlob = stored.BlobName;
            entity.DocumentSha256 = stored.Sha256;
        }

        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, entity) };
        if (renewed is not null)
        {
            renewed.RenewedByMouId = id;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, renewed, renewed.ETag));
        }

        try
        {
            await store.Mous.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return FormProblems.Concurrent(renews ?? id);
        }

        await watcher.WatchAsync(entity, cancellationToken).ConfigureAwait(false);
        return new Outcome.Created($"/api/mous/{id}", MouView.Of(entity));
    }

    /// <summary><c>GET /api/mous</c>: every MoU, newest validity first.</summary>
    public static async Task<Outcome> ListAsync(RecordStore store, CancellationToken cancellationToken)
    {
        var list = new List<MouView>();
        await foreach (var entity in store.Mous.QueryAsync<MouEntity>(e => e.PartitionKey == MouEntity.Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(MouView.Of(entity));
        }

        return new Outcome.Done(list.OrderByDescending(m => m.ValidFrom, StringComparer.Ordinal).ToList());
    }

    /// <summary>Reports on <paramref name="form"/>'s field <c>mouId</c> when <paramref name="mouId"/> cannot be an id or names no registered MoU.</summary>
    internal static async Task CheckRegisteredAsync(RecordStore store, FormReader form, string? mouId, CancellationToken cancellationToken)
    {
        if (mouId is not null && RecordKey.Check(form, "mouId", mouId) && !(await store.Mous.GetEntityIfExistsAsync<MouEntity>(MouEntity.Partition, mouId, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
        {
            form.Fail("mouId", $"No MoU '{mouId}' is registered.", $"Tidak ada MoU '{mouId}' yang terdaftar.");
        }
    }
}
