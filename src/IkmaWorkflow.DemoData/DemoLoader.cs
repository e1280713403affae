using IkmaWorkflow.DemoData.Cases;

namespace IkmaWorkflow.DemoData;

/// <summary>Loads both cases in date order and prints where to look.</summary>
public static class DemoLoader
{
    /// <summary>Where the demo clock must be when nothing is loaded yet: before the first case's first form.</summary>
    public static readonly DateTimeOffset EarliestStart = TangerangCase.StartsAt;

    /// <summary>
    /// Checks the app and its clock, registers the organisations, runs Tangerang 2023 and Cipinang 2024 (Tangerang's
    /// follow-up interleaved by date with Cipinang's steps), and prints a summary. A second run against the same app replays every form (the app answers what it stored the first time).
    /// </summary>
    /// <exception cref="DemoException">The app is unreachable, its demo clock is off, or it is already past a case that was never loaded.</exception>
    public static async Task<IReadOnlyList<CaseResult>> RunAsync(DemoSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = await session.Clock.NowAsync(cancellationToken).ConfigureAwait(false);
        session.Log.WriteLine($"IKMA Workflow demo data / data demo: {session.BaseAddress}, demo clock at {now.ToOffset(DemoClockClient.Wib):yyyy-MM-dd HH:mm} WIB");

        var loaded = (await session.GetAsync(session.Operator, "api/programmes", cancellationToken).ConfigureAwait(false)).AsArray()
            .Select(p => p!["title"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (title, startsAt) in new[] { (TangerangCase.Title, TangerangCase.StartsAt), (CipinangCase.Title, CipinangCase.StartsAt) })
        {
            if (loaded.Contains(title))
            {
                session.Log.WriteLine($"  \"{title}\" is already loaded: its forms will be answered from the first run / sudah dimuat sebelumnya");
            }
            else if (now > startsAt)
            {
                throw new DemoException(
                    $"The demo clock is at {now.ToOffset(DemoClockClient.Wib):yyyy-MM-dd HH:mm} WIB, after the start of \"{title}\" ({startsAt:yyyy-MM-dd HH:mm} WIB), which is not loaded; the clock never goes back. " +
                    "Restart the app on empty storage with DemoClock__Start=2023-06-26T08:00:00+07:00 (./run --demo does both) and run the loader again.");
            }
        }

        var mous = await DemoDirectory.RegisterAsync(session, cancellationToken).ConfigureAwait(false);
        var tangerang = await TangerangCase.RunAsync(session, mous, cancellationToken).ConfigureAwait(false);

        // Tangerang's releases and follow-up wait on the clock's agenda: what falls before Cipinang starts runs now,
        // the rest as Cipinang's steps move the clock past it, and whatever is left at the end.
        await session.Clock.RunAgendaAsync(CipinangCase.StartsAt, cancellationToken).ConfigureAwait(false);
        var cipinang = await CipinangCase.RunAsync(session, mous, cancellationToken).ConfigureAwait(false);
        await session.Clock.RunAgendaAsync(null, cancellationToken).ConfigureAwait(false);
        PrintSummary(session, [tangerang, cipinang]);
        return [tangerang, cipinang];
    }

    private static void PrintSummary(DemoSession session, IReadOnlyList<CaseResult> cases)
    {
        var log = session.Log;
        var url = session.BaseAddress.AbsoluteUri.TrimEnd('/');
        log.WriteLine();
        log.WriteLine($"Done / Selesai: {session.Stored} forms stored now, {session.Replayed} answered from an earlier run.");
        foreach (var result in cases)
        {
            log.WriteLine($"{result.Title}");
            log.WriteLine($"  programme / program:   {result.ProgrammeId} ({result.Participants.Count} participants, {result.Certificates.Count} certificates)");
            foreach (var (participantId, number) in result.Certificates.Take(5))
            {
                log.WriteLine($"  certificate / sertifikat: {number} ({participantId})  check: {url}/api/verify/{number}");
            }

            if (result.Certificates.Count > 5)
            {
                log.WriteLine($"  ... and {result.Certificates.Count - 5} more: GET {url}/api/programmes/{result.ProgrammeId}/certificates");
            }

            if (result.FollowUpMonths.Count > 0)
            {
                log.WriteLine($"  follow-up / tindak lanjut: {result.Released.Count} released, outcomes at {string.Join(", ", result.FollowUpMonths)} months: GET {url}/api/programmes/{result.ProgrammeId}/follow-ups");
            }
        }

        log.WriteLine("Where to look / Tempat melihat (header x-ikma-operator-key):");
        log.WriteLine($"  {url}/api/programmes                       programmes, stages");
        log.WriteLine($"  {url}/api/programmes/{{id}}/report          a programme's report (?format=csv)");
        log.WriteLine($"  {url}/api/reports/outcomes?year=2023       follow-up outcomes by cohort and checkpoint (2024: Cipinang)");
        log.WriteLine($"  {url}/api/emails                           emails the app would have sent");
        log.WriteLine($"  {url}/api/durable/instances                orchestrations (programme-<id>, followup-...)");
        log.WriteLine($"  {url}/api/clock                            the demo clock");
    }
}
