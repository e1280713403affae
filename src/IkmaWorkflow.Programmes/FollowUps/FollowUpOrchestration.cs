using System.Text.Json.Serialization;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask;

namespace IkmaWorkflow.Programmes.FollowUps;

/// <summary>What a follow-up orchestration is started with: the checkpoint and its timing, fixed when it starts.</summary>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="ReminderInterval">How often the responsible organisation is reminded.</param>
/// <param name="EscalateAfter">When, after the request, the coordinators are told.</param>
/// <param name="GiveUpAfter">When, after the request, the checkpoint is recorded unreachable.</param>
public sealed record FollowUpInput(FollowUpCheckpoint Checkpoint, TimeSpan ReminderInterval, TimeSpan EscalateAfter, TimeSpan GiveUpAfter);

/// <summary>How a follow-up orchestration ended.</summary>
/// <param name="Status">The checkpoint's final status: <c>Reported</c>, <c>Unreachable</c> or <c>Erased</c> (or <c>Removed</c>, when a changed schedule dropped it).</param>
/// <param name="RemindersSent">Reminders sent before it ended.</param>
/// <param name="Escalated">Whether the coordinators were told.</param>
public sealed record FollowUpResult(string Status, int RemindersSent, bool Escalated);

/// <summary>The custom status of a follow-up orchestration: the checkpoint, its state and what it waits for, in English and Indonesian.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="ParticipantId">The participant.</param>
/// <param name="Months">The checkpoint, months after release.</param>
/// <param name="State"><c>Requesting</c>, <c>WaitingForOutcome</c>, or the final status.</param>
/// <param name="WaitingFor">What it waits for, in English; empty once finished.</param>
/// <param name="WaitingForIndonesian">What it waits for, in Indonesian; empty once finished.</param>
/// <param name="English">The whole state in a sentence, in English.</param>
/// <param name="Indonesian">The whole state in a sentence, in Indonesian.</param>
/// <param name="RemindersSent">Reminders sent so far.</param>
/// <param name="Escalated">Whether the coordinators were told.</param>
/// <param name="Deadline">When the checkpoint is recorded unreachable if no outcome arrives (UTC, on the app's clock); null until the request is sent.</param>
public sealed record FollowUpStatus(
    string ProgrammeId, string ParticipantId, int Months, string State, string WaitingFor, string WaitingForIndonesian, string English, string Indonesian, int RemindersSent, bool Escalated, DateTime? Deadline);

/// <summary>What a follow-up activity found, and whom it wrote to.</summary>
/// <param name="Status">The checkpoint row's status when the activity ran (<c>Removed</c> when the row is gone).</param>
/// <param name="ResponsibleId">The organisation asked to report.</param>
/// <param name="Recipients">How many people the email went to (0 when nobody could be emailed, or nothing was sent).</param>
public sealed record FollowUpNotice(string Status, string? ResponsibleId, int Recipients)
{
    /// <summary>The status of a checkpoint whose row a changed schedule removed.</summary>
    public const string Removed = "Removed";

    /// <summary>Whether the checkpoint needs nothing more: reported, recorded unreachable, or removed.</summary>
    [JsonIgnore]
    public bool Closed => Status is not (CheckpointStatus.Scheduled or CheckpointStatus.Requested);
}

/// <summary>A reminder to send.</summary>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="Number">The reminder's number, from 1.</param>
/// <param name="Deadline">When the checkpoint will be recorded unreachable (UTC).</param>
public sealed record FollowUpReminder(FollowUpCheckpoint Checkpoint, int Number, DateTime Deadline);

/// <summary>An escalation to send.</summary>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="RequestedAt">When the responsible organisation was first asked (UTC).</param>
public sealed record FollowUpEscalation(FollowUpCheckpoint Checkpoint, DateTime RequestedAt);

/// <summary>
/// Follows one checkpoint up: asks the responsible organisation (by default the probation office) for the outcome,
/// waits for event <see cref="OutcomeEvent"/> (raised by the outcome form), reminds every
/// <see cref="FollowUpInput.ReminderInterval"/>, tells the coordinators once after <see cref="FollowUpInput.EscalateAfter"/>
/// and, when nothing arrived after <see cref="FollowUpInput.GiveUpAfter"/>, records the checkpoint unreachable.
/// </summary>
/// <remarks>
/// <para>
/// Replayed from history, so it decides only from its input, activity results and event payloads. Every
/// activity reads the checkpoint row first and reports when it is already closed, so an outcome submitted before the
/// orchestration started (its event then finds no instance) still ends it at the next step instead of being nagged about.
/// </para>
/// <para>
/// The moments are on the app's clock, counted from <c>T</c>, when the first wake-up was scheduled right after the
/// request (<see cref="WakeUpTicket.ScheduledAt"/>): reminder n at <c>T + n × ReminderInterval</c>, the escalation at
/// <c>T + EscalateAfter</c>, the deadline at <c>T + GiveUpAfter</c>. Each wait is a stored wake-up raised by the
/// daily deadline check (docs/time-and-deadlines.md). When the clock has jumped past several moments, the
/// orchestration takes them in turn without waiting, as the timers of a jumping clock would have fired.
/// </para>
/// </remarks>
public sealed class FollowUpOrchestration
{
    /// <summary>The event the outcome form raises.</summary>
    public const string OutcomeEvent = "OutcomeReported";

    /// <summary>Follows the checkpoint up until an outcome, or the deadline.</summary>
    public async Task<FollowUpResult> RunAsync(TaskOrchestrationContext context, FollowUpInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(typeof(FollowUpOrchestration).FullName!);
        var checkpoint = input.Checkpoint;

        context.SetCustomStatus(FollowUpStatusText.Requesting(checkpoint));
        var request = await context.CallActivityAsync<FollowUpNotice>(nameof(RequestFollowUp), checkpoint);
        if (request.Closed)
        {
            FollowUpLog.ClosedBeforeRequest(logger, context.InstanceId, request.Status);
            return Finish(context, checkpoint, request.Status, 0, false);
        }

        FollowUpLog.Requested(logger, context.InstanceId, request.ResponsibleId, request.Recipients);

        // One waiter for the whole run: an outcome that arrives while an activity runs is buffered for it.
        var outcome = context.WaitForExternalEvent<object>(OutcomeEvent);
        var ticket = await WakeUpWait.ScheduleAfterAsync(context, Min(input.ReminderInterval, input.EscalateAfter, input.GiveUpAfter));
        var requestedAt = ticket.ScheduledAt;
        var deadline = requestedAt + input.GiveUpAfter;
        var escalateAt = requestedAt + input.EscalateAfter;
        var now = requestedAt;
        var reminders = 0;
        var escalated = false;
        while (true)
        {
            var nextReminder = requestedAt + (input.ReminderInterval * (reminders + 1));
            var next = Earliest(nextReminder, escalated ? deadline : escalateAt, deadline);
            context.SetCustomStatus(FollowUpStatusText.Waiting(checkpoint, request, reminders, escalated, deadline.UtcDateTime));
            if (next > now)
            {
                ticket ??= await WakeUpWait.ScheduleAtAsync(context, next);
                if (await WakeUpWait.WaitAsync(context, ticket, outcome) is not { } signal)
                {
                    FollowUpLog.OutcomeArrived(logger, context.InstanceId, reminders);
                    return Finish(context, checkpoint, CheckpointStatus.Reported, reminders, escalated);
                }

                now = WakeUpWait.Reached(signal, next);
            }

            // The clock is past this moment already (it jumped over several): take it without waiting.
            ticket = null;
            if (now >= deadline)
            {
                var final = await context.CallActivityAsync<string>(nameof(RecordUnreachable), checkpoint);
                FollowUpLog.GaveUp(logger, context.InstanceId, final, reminders);
                return Finish(context, checkpoint, final, reminders, escalated);
            }

            if (now >= nextReminder)
            {
                reminders++;
                var reminder = await context.CallActivityAsync<FollowUpNotice>(nameof(RemindFollowUp), new FollowUpReminder(checkpoint, reminders, deadline.UtcDateTime));
                if (reminder.Closed)
                {
                    return Finish(context, checkpoint, reminder.Status, reminders, escalated);
                }
            }

            if (!escalated && now >= escalateAt)
            {
                escalated = true;
                var escalation = await context.CallActivityAsync<FollowUpNotice>(nameof(EscalateFollowUp), new FollowUpEscalation(checkpoint, requestedAt.UtcDateTime));
                FollowUpLog.Escalated(logger, context.InstanceId, escalation.Recipients);
                if (escalation.Closed)
                {
                    return Finish(context, checkpoint, escalation.Status, reminders, escalated);
                }
            }
        }
    }

    private static FollowUpResult Finish(TaskOrchestrationContext context, FollowUpCheckpoint checkpoint, string status, int reminders, bool escalated)
    {
        context.SetCustomStatus(FollowUpStatusText.Finished(checkpoint, status, reminders, escalated));
        return new FollowUpResult(status, reminders, escalated);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b, TimeSpan c) => a < b ? (a < c ? a : c) : (b < c ? b : c);

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c) => a < b ? (a < c ? a : c) : (b < c ? b : c);
}

/// <summary>The follow-up orchestration's custom status texts: pure functions of their arguments, so replay-safe.</summary>
internal static class FollowUpStatusText
{
    public static FollowUpStatus Requesting(FollowUpCheckpoint checkpoint)
    {
        var (english, indonesian) = Names(checkpoint);
        return new FollowUpStatus(
            checkpoint.ProgrammeId, checkpoint.ParticipantId, checkpoint.Months, "Requesting",
            "the follow-up request to be sent", "pengiriman permintaan tindak lanjut",
            $"{english}: asking the responsible organisation for the outcome.",
            $"{indonesian}: meminta hasil kepada organisasi penanggung jawab.",
            0, false, null);
    }

    public static FollowUpStatus Waiting(FollowUpCheckpoint checkpoint, FollowUpNotice request, int reminders, bool escalated, DateTime deadline)
    {
        var (english, indonesian) = Names(checkpoint);
        var responsible = request.ResponsibleId ?? "the responsible organisation";
        var responsibleIndonesian = request.ResponsibleId ?? "organisasi penanggung jawab";
        var nobody = request.Recipients == 0
            ? ($" Nobody at {responsible} could be emailed: register a person for it.", $" Tidak ada orang di {responsibleIndonesian} yang dapat dikirimi email: daftarkan seseorang untuknya.")
            : (string.Empty, string.Empty);
        var told = escalated ? ("; the coordinators were told", "; koordinator sudah diberi tahu") : (string.Empty, string.Empty);
        var due = new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc));
        return new FollowUpStatus(
            checkpoint.ProgrammeId, checkpoint.ParticipantId, checkpoint.Months, "WaitingForOutcome",
            $"the outcome from {responsible}", $"hasil dari {responsibleIndonesian}",
            $"{english}: waiting for the outcome from {responsible}; {reminders} reminder(s) sent{told.Item1}; recorded unreachable unless it arrives by {WibText.English(due)}.{nobody.Item1}",
            $"{indonesian}: menunggu hasil dari {responsibleIndonesian}; {reminders} pengingat terkirim{told.Item2}; dicatat tidak dapat dihubungi bila belum diterima sampai {WibText.Indonesian(due)}.{nobody.Item2}",
            reminders, escalated, deadline);
    }

    public static FollowUpStatus Finished(FollowUpCheckpoint checkpoint, string status, int reminders, bool escalated)
    {
        var (english, indonesian) = Names(checkpoint);
        var (how, howIndonesian) = status switch
        {
            CheckpointStatus.Reported => ("the outcome was reported", "hasil sudah dilaporkan"),
            CheckpointStatus.Unreachable => ("no outcome arrived in time; recorded unreachable", "hasil tidak diterima tepat waktu; dicatat tidak dapat dihubungi"),
            CheckpointStatus.Erased => ("the participant's personal data was erased, so nothing more is asked", "data pribadi peserta sudah dihapus, sehingga tidak ada lagi yang ditanyakan"),
            _ => ("the checkpoint was removed by a changed schedule", "titik tindak lanjut dihapus karena jadwal berubah"),
        };
        return new FollowUpStatus(
            checkpoint.ProgrammeId, checkpoint.ParticipantId, checkpoint.Months, status, string.Empty, string.Empty,
            $"{english}: {how}; nothing more to wait for.",
            $"{indonesian}: {howIndonesian}; tidak ada lagi yang ditunggu.",
            reminders, escalated, null);
    }

    private static (string English, string Indonesian) Names(FollowUpCheckpoint checkpoint)
    {
        var months = BilingualText.MonthsAfterRelease(checkpoint.Months);
        return ($"Follow-up at {months.English} for participant {checkpoint.ParticipantId}", $"Tindak lanjut {months.Indonesian} untuk peserta {checkpoint.ParticipantId}");
    }
}
