using System.Text.Json;
using System.Text.Json.Serialization;
using DurableTask.Core.History;
using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Training;
using IkmaWorkflow.Programmes.WakeUps;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// A programme orchestration's event history in plain words for the programme's timeline: what the current generation
/// did (stage announcements, reminders and escalations, wake-ups scheduled and arrived, signals, certificates issued,
/// failures), each with its time in WIB. The history is read with the management API's own
/// <see cref="InstanceCommands.HistoryAsync"/>, the same client call under the Functions host and the standalone host.
/// </summary>
/// <remarks>
/// Each stage of a programme runs as one generation (<c>ContinueAsNew</c>), and a history is that of the current
/// generation only: what earlier generations did shows as the stages entered (<c>StageHistory</c>) above it.
/// </remarks>
internal static class CoordinatorHistory
{
    // Orchestration payloads are the worker's JSON (camelCase; enums as numbers or names).
    private static readonly JsonSerializerOptions Payloads = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The current generation's history of <paramref name="instance"/> as a list; or a sentence saying why there is none.</summary>
    public static async Task<Markup> SectionAsync(PageContext page, DurableTaskClient client, OrchestrationMetadata? instance, CancellationToken cancellationToken)
    {
        if (instance is null)
        {
            return Markup.Empty;
        }

        var heading = Html.Of($"""<h3 id="history-heading">{page.T("Langkah orkestrasi (generasi sekarang)", "Orchestration steps (current generation)")}</h3>""");

        var (events, outcome) = await InstanceCommands.HistoryAsync(client, instance, cancellationToken).ConfigureAwait(false);
        if (events is null)
        {
            var why = outcome == InstanceOutcome.HistoryNotServed
                ? page.T("Backend orkestrasi tidak menyajikan riwayat langkah.", "The orchestration backend does not serve the step history.")
                : page.T("Riwayat langkah tidak ditemukan (orkestrasi sudah dihapus).", "No step history (the orchestration was purged).");
            return Html.Of($"""{heading}<p class="meta">{why}</p>""");
        }

        var items = Steps(page, instance, events);
        return items.Count == 0
            ? Html.Of($"""{heading}<p class="meta">{page.T("Belum ada langkah.", "No step yet.")}</p>""")
            : Html.Of($"""{heading}<ol class="timeline history" aria-labelledby="history-heading">{Html.Join(items, i => Html.Of($"""<li><span class="when">{page.Time(i.At)}</span> {i.Text}</li>"""))}</ol>""");
    }

    // The events worth a line, oldest first. A task's scheduling is said once, by its outcome (completed or failed),
    // with what it was asked (its input, remembered by task id).
    private static List<(DateTimeOffset At, string Text)> Steps(PageContext page, OrchestrationMetadata instance, IReadOnlyList<HistoryEvent> events)
    {
        var scheduled = new Dictionary<int, TaskScheduledEvent>();
        var steps = new List<(DateTimeOffset, string)>();
        foreach (var e in events)
        {
            var at = ManagementJson.Utc(e.Timestamp);
            var text = e switch
            {
                ExecutionStartedEvent started => Started(page, started.Input),
                TaskScheduledEvent task => Remember(task),
                TaskCompletedEvent done when scheduled.TryGetValue(done.TaskScheduledId, out var task) => Completed(page, task, done.Result),
                TaskFailedEvent failed => page.T(
                    $"Langkah {Step(page, scheduled.GetValueOrDefault(failed.TaskScheduledId)?.Name)} gagal: {failed.FailureDetails?.ErrorMessage ?? failed.Reason}",
                    $"Step {Step(page, scheduled.GetValueOrDefault(failed.TaskScheduledId)?.Name)} failed: {failed.FailureDetails?.ErrorMessage ?? failed.Reason}"),
                EventRaisedEvent { Name: WakeUpWait.EventName } => page.T("Waktu tunggu tiba (bangun dari pemeriksaan harian).", "The wait is over (woken by the daily check)."),
                EventRaisedEvent { Name: ProgrammeSignals.StageChangedEvent } => page.T("Sinyal perubahan tahap diterima dari formulir.", "A stage change was signalled by a form."),
                EventRaisedEvent raised => page.T($"Peristiwa {raised.Name} diterima.", $"Event {raised.Name} received."),
                ContinueAsNewEvent => page.T("Generasi ini selesai; generasi berikutnya membaca tahap lagi.", "This generation ended; the next one reads the stage again."),
                ExecutionCompletedEvent completed => Ended(page, instance, completed),
                ExecutionTerminatedEvent terminated => page.T($"Orkestrasi dihentikan: {ManagementJson.Text(terminated.Input)}", $"The orchestration was terminated: {ManagementJson.Text(terminated.Input)}"),
                ExecutionSuspendedEvent => page.T("Orkestrasi ditangguhkan.", "The orchestration was suspended."),
                ExecutionResumedEvent => page.T("Orkestrasi dilanjutkan.", "The orchestration was resumed."),
                _ => null,
            };
            if (text is not null)
            {
                steps.Add((at, text));
            }
        }

        return steps;

        string? Remember(TaskScheduledEvent task)
        {
            scheduled[task.EventId] = task;
            return null;
        }
    }

    // How the generation ended. The completion is the last event of a finished instance, whose status says it: the
    // standalone host's engine reads the event back without its status.
    private static string? Ended(PageContext page, OrchestrationMetadata instance, ExecutionCompletedEvent completed)
    {
        var error = instance.FailureDetails?.ErrorMessage ?? completed.FailureDetails?.ErrorMessage ?? ManagementJson.Text(completed.Result);
        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Failed => page.T($"Orkestrasi gagal: {error}", $"The orchestration failed: {error}"),
            OrchestrationRuntimeStatus.Terminated => null,
            _ => completed.OrchestrationStatus == DurableTask.Core.OrchestrationStatus.Failed
                ? page.T($"Generasi gagal: {error}", $"The generation failed: {error}")
                : page.T("Orkestrasi selesai.", "The orchestration completed."),
        };
    }

    private static string Started(PageContext page, string? input) =>
        Read<ProgrammeProgress>(input) is { } progress
            ? page.T(
                $"Generasi dimulai (versi {page.Number(progress.Version)}; tahap terakhir yang diumumkan: {(progress.AnnouncedStage is { } s ? PageText.Stage(page, s) : "–")}; {page.Number(progress.RemindersSent)} pengingat terkirim).",
                $"A generation started (version {page.Number(progress.Version)}; last stage announced: {(progress.AnnouncedStage is { } t ? PageText.Stage(page, t) : "–")}; {page.Number(progress.RemindersSent)} reminders sent).")
            : page.T("Generasi dimulai.", "A generation started.");

    private static string? Completed(PageContext page, TaskScheduledEvent task, string? result) => task.Name switch
    {
        nameof(ReadProgramme) => Read<ProgrammeSnapshot>(result) is { } snapshot
            ? page.T($"Catatan program dibaca: tahap {PageText.Stage(page, snapshot.Stage.ToString())}.", $"The programme's record was read: stage {PageText.Stage(page, snapshot.Stage.ToString())}.")
            : page.T("Catatan program dibaca.", "The programme's record was read."),
        nameof(NotifyProgramme) => Read<ProgrammeNotice>(task.Input) is { } notice
            ? notice.Kind switch
            {
                NoticeKind.StageChanged => page.T($"Tahap {PageText.Stage(page, notice.Stage.ToString())} diumumkan kepada para pihak.", $"Stage {PageText.Stage(page, notice.Stage.ToString())} was announced to the partners."),
                NoticeKind.Reminder => page.T($"Pengingat ke-{page.Number(notice.Number)} dikirim (tahap {PageText.Stage(page, notice.Stage.ToString())}).", $"Reminder {page.Number(notice.Number)} was sent (stage {PageText.Stage(page, notice.Stage.ToString())})."),
                _ => page.T($"Eskalasi ke-{page.Number(notice.Number)} dikirim: tahap {PageText.Stage(page, notice.Stage.ToString())} terlambat.", $"Escalation {page.Number(notice.Number)} was sent: stage {PageText.Stage(page, notice.Stage.ToString())} is overdue."),
            }
            : page.T("Pemberitahuan dikirim.", "A notice was sent."),
        nameof(ScheduleWakeUp) => Read<WakeUpTicket>(result) is { } ticket
            ? page.T($"Bangun dijadwalkan pada {page.Time(ticket.DueAt)}.", $"A wake-up was scheduled for {page.Time(ticket.DueAt)}.")
            : page.T("Bangun dijadwalkan.", "A wake-up was scheduled."),
        nameof(ListQualifyingParticipants) => Read<Qualification>(result) is { } qualification
            ? page.T($"{page.Number(qualification.Qualifying.Count)} peserta memenuhi syarat sertifikat, {page.Number(qualification.NotQualifying)} tidak.", $"{page.Number(qualification.Qualifying.Count)} participants qualify for a certificate, {page.Number(qualification.NotQualifying)} do not.")
            : null,
        nameof(IssueCertificate) => Read<CertificateSummary>(result) is { } certificate
            ? page.T($"Sertifikat {certificate.Number} diterbitkan ({certificate.Initials}).", $"Certificate {certificate.Number} was issued ({certificate.Initials}).")
            : page.T("Sertifikat diterbitkan.", "A certificate was issued."),
        nameof(NotifyCertificates) => page.T("Ringkasan sertifikat dikirim kepada para pihak.", "The certificates' summary was sent to the partners."),
        nameof(CompleteCertification) => page.T("Sertifikasi selesai; program masuk tahap pemantauan.", "Certification completed; the programme moved to follow-up."),
        _ => page.T($"Langkah {Step(page, task.Name)} selesai.", $"Step {Step(page, task.Name)} completed."),
    };

    // A step's name as the page says it.
    private static string Step(PageContext page, string? name) => name switch
    {
        nameof(ReadProgramme) => page.T("membaca catatan program", "reading the programme's record"),
        nameof(NotifyProgramme) => page.T("mengirim pemberitahuan", "sending a notice"),
        nameof(ScheduleWakeUp) => page.T("menjadwalkan bangun", "scheduling a wake-up"),
        nameof(ListQualifyingParticipants) => page.T("mendaftar peserta yang memenuhi syarat", "listing the qualifying participants"),
        nameof(IssueCertificate) => page.T("menerbitkan sertifikat", "issuing a certificate"),
        nameof(NotifyCertificates) => page.T("mengirim ringkasan sertifikat", "sending the certificates' summary"),
        nameof(CompleteCertification) => page.T("menyelesaikan sertifikasi", "completing the certification"),
        null => "?",
        _ => name,
    };

    private static T? Read<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            // The standalone host's engine keeps an activity's input as the array of its parameters (one here).
            using var document = JsonDocument.Parse(json);
            var value = document.RootElement is { ValueKind: JsonValueKind.Array } parameters && parameters.GetArrayLength() == 1 ? parameters[0] : document.RootElement;
            return value.Deserialize<T>(Payloads);
        }
        catch (JsonException)
        {
            // A payload kept in a blob (history holds its address) or written by another version: said without details.
            return null;
        }
    }
}
