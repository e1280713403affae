using Azure.Data.Tables;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// What the coordinator pages share: the check that the person acts for a ministry unit (a coordinator, who sees
/// everything, as <see cref="Programmes.Access.Caller.IsCoordinator"/> says for the API), their menu, and how long a
/// programme has waited at its stage and whether that is overdue.
/// </summary>
internal static class Coordinators
{
    /// <summary>A 403 page for a person who is not a coordinator; none for a coordinator.</summary>
    public static IResult? Refusal(PageContext page, string whatEnglish, string whatIndonesian) =>
        page.Person.Caller.IsCoordinator
            ? null
            : PageLayout.Refusal(page, PageProblem.Of(FormProblems.Forbidden(whatEnglish, whatIndonesian)));

    /// <summary>The coordinators' menu: programmes, follow-ups due, outcomes, emails, failed orchestrations.</summary>
    public static Markup Menu(PageContext page) => Html.Of($"""
        <nav class="menu" aria-label="{page.T("Menu koordinator", "Coordinator menu")}"><ul>
        <li><a href="{PageRoutes.HomePath}">{page.T("Program", "Programmes")}</a></li>
        <li><a href="{PageRoutes.CoordinatorPath("follow-ups")}">{page.T("Tindak lanjut jatuh tempo", "Follow-ups due")}</a></li>
        <li><a href="{PageRoutes.CoordinatorPath("outcomes")}">{page.T("Hasil pemantauan", "Follow-up outcomes")}</a></li>
        <li><a href="{PageRoutes.CoordinatorPath("emails")}">{page.T("Kotak keluar email", "Email outbox")}</a></li>
        <li><a href="{PageRoutes.CoordinatorPath("orchestrations")}">{page.T("Orkestrasi gagal", "Failed orchestrations")}</a></li>
        </ul></nav>
        """);

    /// <summary>Every programme row, by id (coordinators see every programme, as the API lists them).</summary>
    public static async Task<Dictionary<string, ProgrammeEntity>> ProgrammeRowsAsync(RecordStore store, CancellationToken cancellationToken)
    {
        await store.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var rows = new Dictionary<string, ProgrammeEntity>(StringComparer.Ordinal);
        await foreach (var p in store.Programmes.QueryAsync<ProgrammeEntity>(TableClient.CreateQueryFilter($"RowKey eq {ProgrammeEntity.Row}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows[p.PartitionKey] = p;
        }

        return rows;
    }

    /// <summary>
    /// Since when <paramref name="programme"/> is at its stage (its <see cref="StageHistory"/>), and from when it is
    /// overdue: a stage that waits for a form (every stage but the calendar's <c>Scheduled</c> and <c>InTraining</c>
    /// and the final <c>FollowUp</c> and <c>Cancelled</c>) is overdue once it has waited the reminder interval, when its
    /// orchestration sends the first reminder.
    /// </summary>
    public static (DateTimeOffset Since, DateTimeOffset? OverdueFrom) Waiting(ProgrammeEntity programme, DateOnly today, ProgrammeWorkflowOptions options)
    {
        var current = StageHistory.Entered(programme, today)[^1];
        var waitsForForm = current.Stage is not (ProgrammeStage.Scheduled or ProgrammeStage.InTraining or ProgrammeStage.FollowUp or ProgrammeStage.Cancelled);
        return (current.At, waitsForForm ? current.At + options.ReminderInterval : null);
    }

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="now"/>.</summary>
    public static int Days(DateTimeOffset from, DateTimeOffset now) => Math.Max(0, (int)(now - from).TotalDays);
}
