using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>
/// Carries one programme through its lifecycle. The forms move the stage (stored with the programme's records);
/// this orchestration reacts: it announces each new stage to the coordinators, reminds them on a schedule while a
/// stage waits for a form and escalates when it is overdue, reminds the facility before the training week and follows
/// the calendar through it. Each stage runs as one generation of the instance (<c>ContinueAsNew</c>), so the history
/// stays small over the months a programme lasts.
/// </summary>
/// <remarks>
/// <para>
/// A stage change arrives as the <see cref="ProgrammeSignals.StageChangedEvent"/> event; a lost event only delays
/// the reaction until the next wake-up, because every generation re-reads the stage from the records.
/// </para>
/// <para>
/// Time is the app's, never the context's: every wait is a wake-up stored by <see cref="ScheduleWakeUp"/> (due on the
/// app's clock) and raised by the daily deadline check, raced against <c>StageChanged</c>
/// (docs/time-and-deadlines.md). No durable timer is created.
/// </para>
/// <para>
/// Versions (<see cref="ProgrammeProgress.Version"/>): a generation replays the code path of the version it started
/// with, and continues as new on <see cref="CurrentVersion"/>. Version 1 reminds as soon as the wake-up arrives;
/// version 2 first reads the programme again and, when the calendar moved the stage meanwhile (a week that began
/// while the clock jumped), announces the new stage instead of reminding about the old one. Version 3 announces every
/// stage the programme entered since the one it last announced (<see cref="ProgrammeSnapshot.Entered"/>), in order,
/// where version 2 announced only the stage it found: stages that changed faster than the orchestration woke (three
/// forms in a minute, a clock that jumped over the training week) were never announced.
/// </para>
/// </remarks>
public sealed class ProgrammeOrchestration
{
    /// <summary>The version new generations run.</summary>
    public const int CurrentVersion = 3;

    /// <summary>Runs one generation: reacts to the stage, then continues as new or finishes with the stage's name.</summary>
    public async Task<string> RunAsync(TaskOrchestrationContext context, ProgrammeProgress input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var snapshot = await context.CallActivityAsync<ProgrammeSnapshot>(nameof(ReadProgramme), input.ProgrammeId);
        var stage = snapshot.Stage;
        var progress = input;
        var unannounced = Unannounced(progress, snapshot);
        foreach (var entered in unannounced)
        {
            // One at a time, oldest first: the outbox's dedupe key (instance, stage) sends each stage once, whichever
            // generation or a repaired instance announces it.
            await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(input.ProgrammeId, NoticeKind.StageChanged, entered, 0, context.InstanceId));
        }

        if (unannounced.Count > 0)
        {
            progress = progress with { AnnouncedStage = stage.ToString(), RemindersSent = 0 };
        }

        var (english, indonesian) = ProgrammeStageText.Expects(stage);
        context.SetCustomStatus(new ProgrammeStatus(stage.ToString(), english, indonesian, progress.RemindersSent));

        switch (stage)
        {
            case ProgrammeStage.FollowUp or ProgrammeStage.Cancelled:
                return stage.ToString();

            case ProgrammeStage.Certifying:
                await CertifyAsync(context, progress, snapshot);
                return stage.ToString();

            case ProgrammeStage.Scheduled or ProgrammeStage.InTraining when snapshot.NextDateChangeUtc is { } change:
                // The calendar moves these stages: remind the day before the week starts, then wake when it starts and
                // again when it ends. A form (such as an early closing report) can still move the stage first.
                var next = new DateTimeOffset(DateTime.SpecifyKind(change, DateTimeKind.Utc));
                if (stage == ProgrammeStage.Scheduled && progress.RemindersSent == 0)
                {
                    var dayBefore = await WakeUpWait.ScheduleAtAsync(context, next.AddDays(-1));
                    if (!dayBefore.AlreadyDue)
                    {
                        if (!await WaitForChangeAsync(context, dayBefore) && await StillAtAsync(context, progress, stage))
                        {
                            await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(input.ProgrammeId, NoticeKind.Reminder, stage, 1, context.InstanceId));
                            progress = progress with { RemindersSent = 1 };
                        }

                        context.ContinueAsNew(progress.Next);
                        return stage.ToString();
                    }
                }

                // A moment already past (the clock jumped over it) continues at once; the next generation reads the
                // stage the calendar has moved it to.
                var moved = await WakeUpWait.ScheduleAtAsync(context, next);
                if (!moved.AlreadyDue)
                {
                    await WaitForChangeAsync(context, moved);
                }

                context.ContinueAsNew(progress.Next);
                return stage.ToString();

            default:
                var reminder = await WakeUpWait.ScheduleAfterAsync(context, snapshot.ReminderInterval);
                if (await WaitForChangeAsync(context, reminder) || !await StillAtAsync(context, progress, stage))
                {
                    context.ContinueAsNew(progress.Next);
                    return stage.ToString();
                }

                var reminders = progress.RemindersSent + 1;
                var kind = reminders > snapshot.RemindersBeforeEscalation ? NoticeKind.Escalation : NoticeKind.Reminder;
                await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(input.ProgrammeId, kind, stage, reminders, context.InstanceId));
                context.ContinueAsNew((progress with { RemindersSent = reminders }).Next);
                return stage.ToString();
        }
    }

    // Issues every qualifying participant's certificate in parallel, then sends the batch summary and moves the
    // programme on. A certificate that still fails after its retries leaves the stage as it is: the coordinators are
    // told, and the next generation tries again after the reminder interval (issuing is idempotent).
    private static async Task CertifyAsync(TaskOrchestrationContext context, ProgrammeProgress progress, ProgrammeSnapshot snapshot)
    {
        var programmeId = progress.ProgrammeId;
        var qualification = await context.CallActivityAsync<Qualification>(nameof(ListQualifyingParticipants), programmeId);

        // Three attempts 10 and 20 seconds apart: a blob or table hiccup, not a business wait.
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(10), backoffCoefficient: 2));
        var issued = await Task.WhenAll(qualification.Qualifying.Select(async participant =>
        {
            try
            {
                return await context.CallActivityAsync<CertificateSummary>(nameof(IssueCertificate), new CertificateRequest(programmeId, participant), retry);
            }
            catch (TaskFailedException)
            {
                return null;
            }
        }));
        var certificates = issued.OfType<CertificateSummary>().ToList();
        if (certificates.Count < qualification.Qualifying.Count)
        {
            var reminders = progress.RemindersSent + 1;
            await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(programmeId, NoticeKind.Escalation, ProgrammeStage.Certifying, reminders, context.InstanceId));
            await WaitForChangeAsync(context, await WakeUpWait.ScheduleAfterAsync(context, snapshot.ReminderInterval));
            context.ContinueAsNew((progress with { RemindersSent = reminders }).Next);
            return;
        }

        await context.CallActivityAsync(nameof(NotifyCertificates), new CertificateBatch(programmeId, context.InstanceId, certificates, qualification.NotQualifying));
        await context.CallActivityAsync<string>(nameof(CompleteCertification), programmeId);
        context.ContinueAsNew(progress.Next);
    }

    // The stages to announce, oldest first. Version 3: every stage entered after the one last announced (all of them in
    // a first generation). Before version 3, or when the snapshot has no history (a result recorded by an earlier
    // version, replayed) or the last announced stage is not in it (a row written before histories were kept): the
    // current stage alone, as version 2 did.
    private static List<ProgrammeStage> Unannounced(ProgrammeProgress progress, ProgrammeSnapshot snapshot)
    {
        var stage = snapshot.Stage;
        if (progress.AnnouncedStage == stage.ToString())
        {
            return [];
        }

        if (progress.Version < 3 || snapshot.Entered is not { Count: > 0 } entered || entered[^1] != stage)
        {
            return [stage];
        }

        if (progress.AnnouncedStage is null)
        {
            return [.. entered];
        }

        var last = -1;
        for (var i = 0; i < entered.Count; i++)
        {
            if (entered[i].ToString() == progress.AnnouncedStage)
            {
                last = i;
            }
        }

        return last < 0 ? [stage] : [.. entered.Skip(last + 1)];
    }

    // True when a stage change was signalled before the wake-up, false when the wake-up came.
    private static async Task<bool> WaitForChangeAsync(TaskOrchestrationContext context, WakeUpTicket ticket)
    {
        var changed = context.WaitForExternalEvent<object?>(ProgrammeSignals.StageChangedEvent);
        return await WakeUpWait.WaitAsync(context, ticket, changed) is null;
    }

    // Version 2 reads the programme again before reminding: whether it is still at the stage this generation reminds
    // about. Version 1 generations, in flight when version 2 was deployed, replay without this step.
    private static async Task<bool> StillAtAsync(TaskOrchestrationContext context, ProgrammeProgress progress, ProgrammeStage stage) =>
        progress.Version < 2 || (await context.CallActivityAsync<ProgrammeSnapshot>(nameof(ReadProgramme), progress.ProgrammeId)).Stage == stage;
}
