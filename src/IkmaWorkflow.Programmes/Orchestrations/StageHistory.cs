using System.Globalization;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>A stage a programme entered, and when.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="At">When the programme entered it: the form's commit, or 00:00 WIB of the day the calendar moved it.</param>
public sealed record StageEntry(ProgrammeStage Stage, DateTimeOffset At);

/// <summary>
/// The stages a programme has entered, oldest first, so its orchestration can announce every one of them, in order,
/// however many changed before it woke (docs/programme-workflow.md, "Every stage announced once").
/// </summary>
/// <remarks>
/// <para>
/// The stages a form or an activity set are kept on the programme row (<see cref="ProgrammeEntity.StageHistory"/>),
/// written in the same transaction as the stage itself, so a stage that was stored is never missing from its history.
/// The stages the calendar moves a programme into (<c>InTraining</c> on the first training day,
/// <c>AwaitingClosingReport</c> the day after the last) are stored by nobody; they are added when read, exactly as
/// <see cref="ProgrammeAccess.EffectiveStage"/> judges the stage, and stored with the next stage a form sets.
/// </para>
/// <para>
/// A row written before histories were kept has none: its history reads as the stored stage alone, since
/// <see cref="ProgrammeEntity.StageSince"/>, and the orchestration then announces only the current stage, as it did.
/// </para>
/// </remarks>
public static class StageHistory
{
    private const char EntrySeparator = ';';
    private const char TimeSeparator = '@';

    /// <summary>The stages <paramref name="programme"/> has entered up to <paramref name="today"/> (WIB), oldest first; the last is its stage today.</summary>
    public static List<StageEntry> Entered(ProgrammeEntity programme, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var entries = Parse(programme.StageHistory);
        if (entries.Count == 0 || entries[^1].Stage != programme.StageValue)
        {
            // No history kept yet, or a stage written without it: only the stored stage is known.
            entries = [new StageEntry(programme.StageValue, programme.StageSince)];
        }

        if (programme.StartDate is null || programme.EndDate is null)
        {
            return entries;
        }

        var start = DateText.Parse(programme.StartDate);
        var end = DateText.Parse(programme.EndDate);
        if (entries[^1].Stage is ProgrammeStage.Enrolling or ProgrammeStage.Scheduled && today >= start)
        {
            entries.Add(new StageEntry(ProgrammeStage.InTraining, WibMidnight(start)));
        }

        if (entries[^1].Stage == ProgrammeStage.InTraining && today > end)
        {
            entries.Add(new StageEntry(ProgrammeStage.AwaitingClosingReport, WibMidnight(end.AddDays(1))));
        }

        return entries;
    }

    /// <summary>
    /// Moves <paramref name="programme"/> (not yet stored) to <paramref name="stage"/> at <paramref name="at"/>: sets its
    /// stage and <see cref="ProgrammeEntity.StageSince"/>, and appends to its history the stages the calendar moved it
    /// into meanwhile, then this one.
    /// </summary>
    public static void Enter(ProgrammeEntity programme, ProgrammeStage stage, DateTimeOffset at, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var entries = Entered(programme, today);
        entries.Add(new StageEntry(stage, at));
        programme.Stage = stage.ToString();
        programme.StageSince = at;
        programme.StageHistory = Format(entries);
    }

    /// <summary>Starts the history of a programme just opened at <paramref name="at"/>, at its first stage.</summary>
    public static void Begin(ProgrammeEntity programme, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(programme);
        programme.StageHistory = Format([new StageEntry(programme.StageValue, at)]);
    }

    // "AwaitingActivityLetter@2024-08-01T01:00:00.0000000+00:00;AwaitingPlan@…": a few hundred characters at most.
    private static string Format(IEnumerable<StageEntry> entries) =>
        string.Join(EntrySeparator, entries.Select(e => $"{e.Stage}{TimeSeparator}{e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}"));

    // An entry that does not read (written by a later version, or damaged) ends the history there: what follows it is
    // unknown, and the caller then falls back to the stored stage.
    private static List<StageEntry> Parse(string? text)
    {
        var entries = new List<StageEntry>();
        foreach (var part in (text ?? string.Empty).Split(EntrySeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.IndexOf(TimeSeparator, StringComparison.Ordinal);
            if (at <= 0
                || !Enum.TryParse<ProgrammeStage>(part[..at], ignoreCase: false, out var stage)
                || !Enum.IsDefined(stage)
                || !DateTimeOffset.TryParseExact(part[(at + 1)..], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var when))
            {
                break;
            }

            entries.Add(new StageEntry(stage, when));
        }

        return entries;
    }

    private static DateTimeOffset WibMidnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
}
