using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;

namespace IkmaWorkflow.Programmes.Organisations;

/// <summary>Checks that organisations a form names are registered, and of the right kind.</summary>
internal static class OrganisationLookup
{
    /// <summary>
    /// Reports on <paramref name="form"/> each id in <paramref name="ids"/> that cannot be an id (<see cref="RecordKey"/>),
    /// is not registered, or is not of <paramref name="kinds"/>.
    /// </summary>
    public static async Task<Dictionary<string, OrganisationEntity>> CheckAsync(
        RecordStore store, FormReader form, string field, IEnumerable<string?> ids, IReadOnlyCollection<OrganisationKind>? kinds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, OrganisationEntity>();
        foreach (var (id, index) in ids.Select((id, index) => (id, index)))
        {
            if (id is null)
            {
                continue;
            }

            var name = field.EndsWith("Ids", StringComparison.Ordinal) ? $"{field}[{index}]" : field;
            // Checked before the lookup: such an id is no table key, and storage would refuse to look it up.
            if (!RecordKey.Check(form, name, id))
            {
                continue;
            }

            var entity = await store.Organisations.GetEntityIfExistsAsync<OrganisationEntity>(OrganisationEntity.Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!entity.HasValue)
            {
                form.Fail(name, $"No organisation '{id}' is registered.", $"Tidak ada organisasi '{id}' yang terdaftar.");
            }
            else if (kinds is not null && !kinds.Contains(entity.Value!.KindValue))
            {
                form.Fail(name, $"'{id}' is a {entity.Value.Kind}; expected {string.Join(" or ", kinds)}.", $"'{id}' berjenis {entity.Value.Kind}; seharusnya {string.Join(" atau ", kinds)}.");
            }
            else
            {
                found[id] = entity.Value!;
            }
        }

        return found;
    }
}
