using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using IkmaWorkflow.Programmes.Access;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Organisations;

/// <summary>Registering organisations and their people, and reading them back.</summary>
public static partial class OrganisationRequests
{
    /// <summary>
    /// The answer to a registration or a key rotation: the organisation and its API key, shown this once only. The
    /// function app never stores this answer (a resent request answers 409 and the operator rotates the key).
    /// </summary>
    /// <param name="Organisation">The organisation as stored.</param>
    /// <param name="ApiKey">The key; only its hash is stored, so keep it now.</param>
    public sealed record Registered(OrganisationView Organisation, string ApiKey);

    /// <summary>An organisation as the API shows it.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Name">The name.</param>
    /// <param name="Kind">The kind.</param>
    /// <param name="FacilityType">For facilities, the type.</param>
    /// <param name="FacilityClass">For facilities, the class.</param>
    /// <param name="City">The city.</param>
    /// <param name="PredecessorId">The organisation this one replaced.</param>
    /// <param name="SuccessorId">The organisation that replaced this one.</param>
    public sealed record OrganisationView(string Id, string Name, string Kind, string? FacilityType, string? FacilityClass, string? City, string? PredecessorId, string? SuccessorId)
    {
        internal static OrganisationView Of(OrganisationEntity e) => new(e.RowKey, e.Name, e.Kind, e.FacilityType, e.FacilityClass, e.City, e.PredecessorId, e.SuccessorId);
    }

    /// <summary>A person as the API shows them.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="OrganisationId">Their organisation.</param>
    /// <param name="Name">The name.</param>
    /// <param name="Email">The email address.</param>
    /// <param name="Role">The role.</param>
    public sealed record PersonView(string Id, string OrganisationId, string Name, string Email, string Role);

    /// <summary>
    /// <c>POST /api/organisations</c> (operator only): registers an organisation and answers its API key. A predecessor
    /// gets its successor link in the same transaction.
    /// </summary>
    public static async Task<Outcome> RegisterAsync(Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsOperator)
        {
            return FormProblems.Forbidden("register organisations (the operator does)", "mendaftarkan organisasi (dilakukan operator)");
        }

        var form = FormReader.For(body.Data);
        var id = Id(form, "id");
        var name = form.Text("name");
        var kind = form.Choice<OrganisationKind>("kind");
        var facilityType = form.Choice<FacilityType>("facilityType", required: kind == OrganisationKind.Facility);
        var facilityClass = form.Choice<FacilityClass>("facilityClass", required: false);
        var city = form.Text("city", required: false);
        var predecessorId = Id(form, "predecessorId", required: false);
        if (kind is not null and not OrganisationKind.Facility && (facilityType is not null || facilityClass is not null))
        {
            form.Fail("facilityType", "Only facilities have a facility type and class.", "Hanya lembaga pemasyarakatan yang memiliki jenis dan kelas.");
        }

        OrganisationEntity? predecessor = null;
        if (predecessorId is not null)
        {
            var found = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, predecessorId, cancellationToken: cancellationToken).ConfigureAwait(false);
            predecessor = found.HasValue ? found.Value : null;
            if (predecessor is null)
            {
                form.Fail("predecessorId", $"No organisation '{predecessorId}' is registered.", $"Tidak ada organisasi '{predecessorId}' yang terdaftar.");
            }
            else if (predecessor.SuccessorId is not null)
            {
                form.Fail("predecessorId", $"'{predecessorId}' already has successor '{predecessor.SuccessorId}'.", $"'{predecessorId}' sudah memiliki penerus '{predecessor.SuccessorId}'.");
            }
        }

        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var key = ApiKey.Create(id!);
        var entity = new OrganisationEntity
        {
            RowKey = id!,
            Name = name!,
            Kind = kind!.Value.ToString(),
            FacilityType = facilityType?.ToString(),
            FacilityClass = facilityClass?.ToString(),
            City = city,
            PredecessorId = predecessorId,
            ApiKeyHash = ApiKey.Hash(key),
            RegisteredAt = time.GetUtcNow(),
        };
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, entity) };
        if (predecessor is not null)
        {
            predecessor.SuccessorId = id;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, predecessor, predecessor.ETag));
        }

        try
        {
            await store.Organisations.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            return FormProblems.AlreadyExists("organisation", "organisasi", id!);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            return FormProblems.Concurrent(predecessorId!);
        }

        return new Outcome.Created($"/api/organisations/{id}", new Registered(OrganisationView.Of(entity), key));
    }

    /// <summary>
    /// <c>POST /api/organisations/{id}/api-key</c> (operator only): replaces the organisation's key; the old one stops
    /// working. Every call rotates; a resend under the same <c>Idempotency-Key</c> rotates nothing and answers 409, since
    /// the new key is never kept (docs/security.md).
    /// </summary>
    public static async Task<Outcome> RotateKeyAsync(string id, Caller caller, RecordStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RecordKey.CheckRouteValue("id", id) is { } notAnId)
        {
            return notAnId;
        }

        if (!caller.IsOperator)
        {
            return FormProblems.Forbidden("replace API keys (the operator does)", "mengganti kunci API (dilakukan operator)");
        }

        var found = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return FormProblems.NotFound("organisation", "organisasi", id);
        }

        var entity = found.Value!;
        var key = ApiKey.Create(id);
        entity.ApiKeyHash = ApiKey.Hash(key);
        try
        {
            await store.Organisations.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return FormProblems.Concurrent(id);
        }

        return new Outcome.Done(new Registered(OrganisationView.Of(entity), key));
    }

    /// <summary><c>GET /api/organisations</c>: every organisation (names and kinds are not secret among partners).</summary>
    public static async Task<Outcome> ListAsync(RecordStore store, CancellationToken cancellationToken)
    {
        var list = new List<OrganisationView>();
        await foreach (var entity in store.Organisations.QueryAsync<OrganisationEntity>(e => e.PartitionKey == OrganisationEntity.Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(OrganisationView.Of(entity));
        }

        return new Outcome.Done(list);
    }

    /// <summary><c>POST /api/organisations/{id}/people</c> (a coordinator, or the organisation itself): adds a person.</summary>
    public static async Task<Outcome> AddPersonAsync(string id, Caller caller, FormBody body, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RecordKey.CheckRouteValue("id", id) is { } notAnId)
        {
            return notAnId;
        }

        if (!caller.IsCoordinator && caller.OrganisationId != id)
        {
            return FormProblems.Forbidden($"add people to organisation '{id}'", $"menambahkan orang ke organisasi '{id}'");
        }

        var found = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return FormProblems.NotFound("organisation", "organisasi", id);
        }

        var form = FormReader.For(body.Data);
        var name = form.Text("name");
        var email = form.Email("email");
        var role = form.Choice<PersonRole>("role");
        if (!form.IsValid)
        {
            return FormProblems.Invalid(form.Errors);
        }

        var person = new PersonEntity
        {
            PartitionKey = id,
            RowKey = RecordId.New("psn"),
            SealedName = store.PersonalData.SealText(name!),
            SealedEmail = store.PersonalData.SealText(email!),
            EmailHash = store.PersonalData.EmailHash(email!),
            Role = role!.Value.ToString(),
            AddedAt = time.GetUtcNow(),
        };
        await AuditLog.RecordAsync(store, time, caller, AuditAction.PersonAdded, null, id, [person.RowKey], cancellationToken).ConfigureAwait(false);
        try
        {
            await store.People.AddEntityAsync(person, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            // The id is derived from the submission (RecordId.DeriveFrom): an earlier attempt of this same form that was
            // interrupted after storing the person. It is answered as stored, not stored again.
            person = (await store.People.GetEntityAsync<PersonEntity>(id, person.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        }

        return new Outcome.Created($"/api/organisations/{id}/people", new PersonView(person.RowKey, id, store.PersonalData.OpenText(person.SealedName), store.PersonalData.OpenText(person.SealedEmail), person.Role));
    }

    /// <summary><c>GET /api/organisations/{id}/people</c> (a coordinator, or the organisation itself).</summary>
    public static async Task<Outcome> ListPeopleAsync(string id, Caller caller, RecordStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (RecordKey.CheckRouteValue("id", id) is { } notAnId)
        {
            return notAnId;
        }

        if (!caller.IsCoordinator && caller.OrganisationId != id)
        {
            return FormProblems.Forbidden($"see the people of organisation '{id}'", $"melihat orang-orang organisasi '{id}'");
        }

        var people = await OrganisationPeople.OfAsync(store, id, cancellationToken).ConfigureAwait(false);
        if (people.Count > 0)
        {
            await AuditLog.RecordAsync(store, time, caller, AuditAction.PeopleRead, null, id, people.Select(p => p.RowKey), cancellationToken).ConfigureAwait(false);
        }

        var list = people.Select(p => new PersonView(p.RowKey, id, store.PersonalData.OpenText(p.SealedName), store.PersonalData.OpenText(p.SealedEmail), p.Role)).ToList();

        return new Outcome.Done(list);
    }

    /// <summary>Reads an organisation id field: 3 to 40 lower-case letters, digits and hyphens.</summary>
    internal static string? Id(FormReader form, string name, bool required = true)
    {
        var text = form.Text(name, required, 40);
        if (text is not null && !IdPattern().IsMatch(text))
        {
            form.Fail(name, $"'{text}' is not a valid id: use 3 to 40 lower-case letters, digits and single hyphens, such as lapas-cipinang.", $"'{text}' bukan id yang valid: gunakan 3 sampai 40 huruf kecil, angka dan tanda hubung tunggal, misalnya lapas-cipinang.");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,39}$")]
    private static partial Regex IdPattern();
}
