using IkmaWorkflow.Programmes.Training;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Programmes.Orchestrations;

/// <summary>The programme orchestration's input: which programme, the stage it last announced, reminders sent at that stage.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="AnnouncedStage">The stage already announced to the coordinators, if any.</param>
/// <param name="RemindersSent">Reminders sent since the stage began.</param>
public sealed record ProgrammeProgress(string ProgrammeId, string? AnnouncedStage = null, int RemindersSent = 0)
{
    /// <summary>The input of a programme's first generation.</summary>
    public static ProgrammeProgress Start(string programmeId) => new(programmeId);
}

/// <summary>What the orchestration says about itself (custom status): the stage and what it waits for.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="WaitingFor">What it waits for, in English.</param>
/// <param name="WaitingForIndonesian">What it waits for, in Indonesian.</param>
/// <param name="RemindersSent">Reminders sent at this stage.</param>
public sealed record ProgrammeStatus(string Stage, string WaitingFor, string WaitingForIndonesian, int RemindersSent);

/// <summary>
/// Carries one programme through its lifecycle. The forms move the stage (stored with the programme's records);
/// this orchestration reacts: it announces each new stage to the coordinators, reminds them on a schedule while a
/// stage waits for a form and escalates when it is overdue, reminds the facility before the training week and follows
/// the calendar through it. Each stage runs as one generation of the instance (<c>ContinueAsNew</c>), so the history
/// stays small over the months a programme lasts.
/// </summary>
/// <remarks>
/// A stage change arrives as the <see cref="ProgrammeSignals.StageChangedEvent"/> event; a lost event only delays
/// the reaction until the next reminder, because every wake-up re-reads the stage from the records.
/// </remarks>
public sealed class ProgrammeOrchestration
{
    /// <summary>Runs one generation: reacts to the stage, then continues as new or finishes with the stage's name.</summary>
    public async Task<string> RunAsync(TaskOrchestrationContext context, ProgrammeProgress input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var snapshot = await context.CallActivityAsync<ProgrammeSnapshot>(nameof(ReadProgramme), input.ProgrammeId);
        var stage = snapshot.Stage;
        var progress = input;
        if (progress.AnnouncedStage != stage.ToString())
        {
            await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(input.ProgrammeId, NoticeKind.StageChanged, stage, 0, context.InstanceId));
            progress = new ProgrammeProgress(input.ProgrammeId, stage.ToString(), 0);
        }

        var (english, indonesian) = ProgrammeStageText.Expects(stage);
        context.SetCustomStatus(new ProgrammeStatus(stage.ToString(), english, indonesian, progress.RemindersSent));

        switch (stage)
        {
            case ProgrammeStage.FollowUp or ProgrammeStage.Cancelled:
                return stage.ToString();

            case ProgrammeStage.Certifying:
                await CertifyAsync(context, input.ProgrammeId, progress, snapshot);
                return stage.ToString();

            case ProgrammeStage.Scheduled or ProgrammeStage.InTraining when snapshot.NextDateChangeUtc is { } next:
                // The calendar moves these stages: remind the day before the week starts, then wake when it starts and
                // again when it ends. A form (such as an early closing report) can still move the stage first.
                if (stage == ProgrammeStage.Scheduled && progress.RemindersSent == 0 && context.CurrentUtcDateTime < next.AddDays(-1))
                {
                    if (await WaitForChangeAsync(context, next.AddDays(-1) - context.CurrentUtcDateTime))
                    {
                        context.ContinueAsNew(progress);
                        return stage.ToString();
                    }

                    await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(input.ProgrammeId, NoticeKind.Reminder, stage, 1, context.InstanceId));
                    context.ContinueAsNew(progress with { RemindersSent = 1 });
                    return stage.ToString();
                }

                await WaitForChangeAsync(context, next - context.CurrentUtcDateTime);
                context.ContinueAsNew(progress);
                return stage.ToString();

            default:
                if (await WaitForChangeAsync(context, snapshot.ReminderInterval))
                {
                    context.ContinueAsNew(progress);
                    return stage.ToString();
                }

                var reminders = progress.RemindersSent + 1;
                var kind = reminders > snapshot.RemindersBeforeEscalation ? NoticeKind.Escalation : NoticeKind.Reminder;
                await context.CallActivityAsync(nameof(NotifyProgramme), new ProgrammeNotice(input.ProgrammeId, kind, stage, reminders, context.InstanceId));
                context.ContinueAsNew(progress with { RemindersSent = reminders });
                return stage.ToString();
        }
    }

    // Issues every qualifying participant's certificate in parallel, then sends the batch summary and moves the
    // programme on. A certificate that still fails after its retries leaves the stage as it is: the coordinators are
    // told, and the next generation tries again after the reminder interval (issuing is idempotent).
    private static async Task CertifyAsync(TaskOrchestrationContext context, string programmeId, ProgrammeProgress progress, ProgrammeSnapshot snapshot)
    {
        var qualification = await context.CallActivityAsync<Qualification>(nameof(ListQualifyingParticipants), programmeId);
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
            await WaitForChangeAsync(context, snapshot.ReminderInterval);
            context.ContinueAsNew(progress with { RemindersSent = reminders });
            return;
        }

        await context.CallActivityAsync(nameof(NotifyCertificates), new CertificateBatch(programmeId, context.InstanceId, certificates, qualification.NotQualifying));
        await context.CallActivityAsync<string>(nameof(CompleteCertification), programmeId);
        context.ContinueAsNew(progress);
    }

    // True when a stage change was signalled within the wait, false when the wait ran out.
    private static async Task<bool> WaitForChangeAsync(TaskOrchestrationContext context, TimeSpan wait)
    {
        try
        {
            await context.WaitForExternalEvent<object?>(ProgrammeSignals.StageChangedEvent, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, CancellationToken.None);
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
