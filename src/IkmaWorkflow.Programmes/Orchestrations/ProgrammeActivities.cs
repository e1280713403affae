using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Organisations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;
using Microsoft.Extensions.Logging;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>What a programme orchestration needs to know at a wake-up.</summary>
/// <param name="Title">The programme's title.</param>
/// <param name="Stage">The stage as of today (WIB).</param>
/// <param name="NextDateChangeUtc">When the calendar next moves the stage (the first training day, or the day after the last), in UTC.</param>
/// <param name="ReminderInterval">How long a stage waits for a form between reminders.</param>
/// <param name="RemindersBeforeEscalation">Reminders before the next one becomes an escalation.</param>
/// <param name="Entered">
/// Every stage the programme has entered, oldest first, ending with <paramref name="Stage"/> (<see cref="StageHistory"/>).
/// Null in a result recorded before it was read, which a replay then sees.
/// </param>
public sealed record ProgrammeSnapshot(string Title, ProgrammeStage Stage, DateTime? NextDateChangeUtc, TimeSpan ReminderInterval, int RemindersBeforeEscalation, IReadOnlyList<ProgrammeStage>? Entered = null);

/// <summary>What kind of email a programme sends.</summary>
public enum NoticeKind
{
    /// <summary>The programme entered a stage.</summary>
    StageChanged,

    /// <summary>A stage still waits for a form, or the week is near.</summary>
    Reminder,

    /// <summary>A stage is overdue.</summary>
    Escalation,
}

/// <summary>One email about a programme, identified for the outbox by instance, stage, kind and number.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Stage">The stage it is about.</param>
/// <param name="Number">The reminder's number at this stage (0 for a stage change).</param>
/// <param name="InstanceId">The orchestration instance sending it.</param>
public sealed record ProgrammeNotice(string ProgrammeId, NoticeKind Kind, ProgrammeStage Stage, int Number, string InstanceId);

/// <summary>Settings of the programme orchestration (section <c>Programmes</c>).</summary>
public sealed class ProgrammeWorkflowOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Programmes";

    /// <summary>How long a stage waits for a form before each reminder; default 7 days, at least 1 hour.</summary>
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Reminders sent before the coordinators get escalations instead; default 2.</summary>
    public int RemindersBeforeEscalation { get; set; } = 2;

    /// <summary>The problem with the settings, naming the key as written in app settings, or <see langword="null"/>.</summary>
    public (string Key, string Problem)? Validate() =>
        ReminderInterval < TimeSpan.FromHours(1) ? ("Programmes__ReminderInterval", "must be at least 01:00:00 (one hour), such as 7.00:00:00 for a week.")
        : RemindersBeforeEscalation is < 0 or > 20 ? ("Programmes__RemindersBeforeEscalation", "must be a whole number from 0 to 20.")
        : null;
}

/// <summary>Reads the programme's stage and the calendar for its orchestration.</summary>
public sealed class ReadProgramme(RecordStore store, TimeProvider time, ProgrammeWorkflowOptions options)
{
    /// <summary>Reads <paramref name="programmeId"/> as of today (WIB) on the app's clock.</summary>
    public async Task<ProgrammeSnapshot> RunAsync(string programmeId, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var programme = (await store.Programmes.GetEntityAsync<ProgrammeEntity>(programmeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var today = DateText.TodayInWib(time);
        var stage = ProgrammeAccess.EffectiveStage(programme, today);
        DateTime? next = stage switch
        {
            ProgrammeStage.Scheduled or ProgrammeStage.Enrolling when programme.StartDate is not null => WibMidnightUtc(DateText.Parse(programme.StartDate)),
            ProgrammeStage.InTraining when programme.EndDate is not null => WibMidnightUtc(DateText.Parse(programme.EndDate).AddDays(1)),
            _ => null,
        };
        var entered = StageHistory.Entered(programme, today).Select(e => e.Stage).ToList();
        return new ProgrammeSnapshot(programme.Title, stage, next, options.ReminderInterval, options.RemindersBeforeEscalation, entered);
    }

    private static DateTime WibMidnightUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-7);
}

/// <summary>
/// Emails the programme's coordinators (people of its coordinating unit with role Coordinator) and the facility's
/// staff through the outbox; the dedupe key makes a replayed or retried activity send nothing twice.
/// </summary>
public sealed partial class NotifyProgramme(RecordStore store, EmailOutbox outbox, TimeProvider time, ILogger<NotifyProgramme> logger)
{
    /// <summary>Enqueues the email of <paramref name="input"/>; <see langword="false"/> when nobody could be emailed.</summary>
    public async Task<bool> RunAsync(ProgrammeNotice input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var programme = (await store.Programmes.GetEntityAsync<ProgrammeEntity>(input.ProgrammeId, ProgrammeEntity.Row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
        var people = await OrganisationPeople.WithRoleAsync(store, programme.CoordinatorUnitId, PersonRole.Coordinator, cancellationToken).ConfigureAwait(false);
        if (input.Kind != NoticeKind.Escalation)
        {
            people.AddRange(await OrganisationPeople.WithRoleAsync(store, programme.FacilityId, PersonRole.FacilityStaff, cancellationToken).ConfigureAwait(false));
        }

        if (people.Count == 0)
        {
            LogNoRecipients(logger, input.ProgrammeId, input.Kind);
            return false;
        }

        var dedupeKey = $"{input.InstanceId}|{input.Stage}|{input.Kind}|{input.Number}";
        await OrganisationPeople.RecordEmailAsync(store, time, input.ProgrammeId, dedupeKey, people, cancellationToken).ConfigureAwait(false);
        var recipients = OrganisationPeople.Recipients(store, people);

        var (english, indonesian) = ProgrammeStageText.Expects(input.Stage);
        var awaited = new BilingualText(indonesian, english);
        var now = time.GetUtcNow();
        Notification notification = input.Kind switch
        {
            NoticeKind.StageChanged => new ProgrammeStageChanged(programme.Title, new BilingualText(StageIndonesian(input.Stage), input.Stage.ToString()), awaited, EnteredAt(programme, input.Stage)),
            NoticeKind.Reminder => new ReminderDue(programme.Title, awaited, input.Stage == ProgrammeStage.Scheduled && programme.StartDate is not null ? new DateTimeOffset(DateText.Parse(programme.StartDate).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7)) : now),
            _ => new EscalationRaised(programme.Title, awaited, programme.StageSince, [.. recipients.Select(r => r.Address)]),
        };
        await outbox.EnqueueAsync(notification, recipients, dedupeKey, cancellationToken).ConfigureAwait(false);
        return true;
    }

    // When the programme entered the stage announced: an earlier stage announced late keeps its own time.
    private DateTimeOffset EnteredAt(ProgrammeEntity programme, ProgrammeStage stage) =>
        StageHistory.Entered(programme, DateText.TodayInWib(time)).LastOrDefault(e => e.Stage == stage)?.At ?? programme.StageSince;

    private static string StageIndonesian(ProgrammeStage stage) => stage switch
    {
        ProgrammeStage.AwaitingActivityLetter => "menunggu surat pelaksanaan kegiatan",
        ProgrammeStage.AwaitingPlan => "menunggu rencana program",
        ProgrammeStage.Enrolling => "pendaftaran peserta",
        ProgrammeStage.Scheduled => "terjadwal",
        ProgrammeStage.InTraining => "pelatihan berlangsung",
        ProgrammeStage.AwaitingClosingReport => "menunggu laporan penutupan",
        ProgrammeStage.Certifying => "penerbitan sertifikat",
        ProgrammeStage.FollowUp => "pemantauan setelah bebas",
        _ => "dibatalkan",
    };

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Programme {ProgrammeId} has no coordinator or facility staff with an email address; the {Kind} email was not sent. Add people to its organisations.")]
    private static partial void LogNoRecipients(ILogger logger, string programmeId, NoticeKind kind);
}
