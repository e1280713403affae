using Azure.Data.Tables;
using IkmaWorkflow.Programmes.FollowUps;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Reports;

/// <summary>Follow-up outcomes of one cohort at one checkpoint.</summary>
/// <param name="Year">The cohort's programme year.</param>
/// <param name="FacilityId">The cohort's facility, when grouped by facility; otherwise <see langword="null"/>.</param>
/// <param name="Months">The checkpoint, in months after release.</param>
/// <param name="Checkpoints">Checkpoints recorded (released participants with this checkpoint).</param>
/// <param name="Due">Of them, due today (WIB) or earlier.</param>
/// <param name="Reported">Outcome submitted by the responsible organisation.</param>
/// <param name="Unreachable">Contact outcome unreachable: so reported, or recorded after no answer came in time.</param>
/// <param name="Declined">Contact outcome declined.</param>
/// <param name="Reached">Contact outcome reached.</param>
/// <param name="Employed">Reached and employed, full or part time.</param>
/// <param name="SelfEmployed">Reached and self-employed.</param>
/// <param name="BusinessStarted">Reached and started a business.</param>
/// <param name="PractisingSkill">Reached and still practising the trained skill.</param>
/// <param name="MarketAccess">Reached and selling products or reaching a market.</param>
/// <param name="Reoffended">Reached and reported to have reoffended.</param>
public sealed record OutcomeRow(
    int Year, string? FacilityId, int Months, int Checkpoints, int Due, int Reported, int Unreachable, int Declined, int Reached,
    int Employed, int SelfEmployed, int BusinessStarted, int PractisingSkill, int MarketAccess, int Reoffended);

/// <summary>Follow-up outcomes across programmes by cohort × checkpoint.</summary>
/// <param name="AsOf">The day (WIB) "due" is judged on.</param>
/// <param name="Year">The year filter, if any.</param>
/// <param name="FacilityId">The facility filter, if any.</param>
/// <param name="ByFacility">Whether cohorts are split by facility.</param>
/// <param name="Rows">One row per cohort and checkpoint, by year, facility and months.</param>
public sealed record OutcomeReport(string AsOf, int? Year, string? FacilityId, bool ByFacility, IReadOnlyList<OutcomeRow> Rows)
{
    /// <summary>The CSV export: a header and one row per cohort and checkpoint.</summary>
    public CsvWriter ToCsv()
    {
        var csv = new CsvWriter()
            .Texts("year", "facilityId", "months", "checkpoints", "due", "reported", "unreachable", "declined", "reached", "employed", "selfEmployed", "businessStarted", "practisingSkill", "marketAccess", "reoffended")
            .EndRow();
        foreach (var r in Rows)
        {
            csv.Number(r.Year).Text(r.FacilityId).Number(r.Months)
                .Number(r.Checkpoints).Number(r.Due).Number(r.Reported).Number(r.Unreachable).Number(r.Declined).Number(r.Reached)
                .Number(r.Employed).Number(r.SelfEmployed).Number(r.BusinessStarted).Number(r.PractisingSkill).Number(r.MarketAccess).Number(r.Reoffended)
                .EndRow();
        }

        return csv;
    }

    /// <summary>Reads every programme row and follow-up checkpoint (filtered) and groups them.</summary>
    internal static async Task<OutcomeReport> BuildAsync(RecordStore store, int? year, string? facilityId, bool byFacility, DateOnly today, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var programmes = new Dictionary<string, ProgrammeEntity>(StringComparer.Ordinal);
        await foreach (var p in store.Programmes.QueryAsync<ProgrammeEntity>(TableClient.CreateQueryFilter($"RowKey eq {ProgrammeEntity.Row}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if ((year is null || p.Year == year) && (facilityId is null || p.FacilityId == facilityId))
            {
                programmes[p.PartitionKey] = p;
            }
        }

        // Every checkpoint of every programme, by row-key range across partitions ('|' + 1 is '}').
        var checkpoints = new List<(ProgrammeEntity Programme, FollowUpEntity Row)>();
        var filter = TableClient.CreateQueryFilter($"RowKey ge {FollowUpEntity.Prefix} and RowKey lt {"followup}"}");
        await foreach (var f in store.Programmes.QueryAsync<FollowUpEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (programmes.TryGetValue(f.PartitionKey, out var programme))
            {
                checkpoints.Add((programme, f));
            }
        }

        var dueBy = DateText.Of(today);
        var rows = checkpoints
            .GroupBy(c => (c.Programme.Year, Facility: byFacility ? c.Programme.FacilityId : null, c.Row.Months))
            .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Facility, StringComparer.Ordinal).ThenBy(g => g.Key.Months)
            .Select(g =>
            {
                var all = g.Select(c => c.Row).ToList();
                var reached = all.Where(r => r.ContactOutcome == nameof(ContactOutcome.Reached)).ToList();
                return new OutcomeRow(
                    g.Key.Year,
                    g.Key.Facility,
                    g.Key.Months,
                    all.Count,
                    all.Count(r => string.CompareOrdinal(r.DueDate, dueBy) <= 0),
                    all.Count(r => r.Status == CheckpointStatus.Reported),
                    all.Count(r => r.ContactOutcome == nameof(ContactOutcome.Unreachable)),
                    all.Count(r => r.ContactOutcome == nameof(ContactOutcome.Declined)),
                    reached.Count,
                    reached.Count(r => r.Employment is nameof(EmploymentStatus.EmployedFullTime) or nameof(EmploymentStatus.EmployedPartTime)),
                    reached.Count(r => r.Employment == nameof(EmploymentStatus.SelfEmployed)),
                    reached.Count(r => r.BusinessStarted == true),
                    reached.Count(r => r.PractisingSkill == true),
                    reached.Count(r => r.MarketAccess == true),
                    reached.Count(r => r.Reoffence == nameof(FollowUps.Reoffence.Yes)));
            })
            .ToList();
        return new OutcomeReport(dueBy, year, facilityId, byFacility, rows);
    }
}
