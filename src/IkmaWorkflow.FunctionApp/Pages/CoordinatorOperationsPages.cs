using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Orchestrations;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The coordinators' view of the machinery: the email outbox (<see cref="EmailOutbox.ListAsync"/>, what the operators'
/// <c>GET /api/emails</c> lists) and the failed orchestrations, listed and terminated with the operator management
/// API's own <see cref="InstanceCommands"/>, and restarted by the repair pass the daily deadline check runs
/// (<see cref="OrchestrationRepair.RunAsync"/>). A coordinator is a person of a ministry unit signed in to the pages;
/// the operator key is never involved.
/// </summary>
public sealed class CoordinatorOperationsPages(PageCalls pages, EmailOutbox outbox, OrchestrationRepair repair)
{
    private const int EmailsPerPage = 50;

    /// <summary><c>GET /api/pages/emails?page=</c> (coordinators): the outbox, newest first, 50 to a page.</summary>
    [Function("PageEmails")]
    public Task<IResult> EmailsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Emails)] HttpRequest request, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            if (Refusal(page) is { } refused)
            {
                return refused;
            }

            var token = request.Query["page"].ToString();
            OutboxPage emails;
            try
            {
                emails = await outbox.ListAsync(EmailsPerPage, token.Length is > 0 and <= 2048 ? token : null, cancellationToken).ConfigureAwait(false);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == StatusCodes.Status400BadRequest && token.Length > 0)
            {
                // A page address that does not read (edited by hand): the first page instead.
                emails = await outbox.ListAsync(EmailsPerPage, null, cancellationToken).ConfigureAwait(false);
            }

            var rows = Html.Join(emails.Emails, e => Html.Of($"""
                <tr{(e.Status == EmailStatus.Failed ? Html.Of($""" class="overdue" """) : Markup.Empty)}>
                <td>{page.Time(e.CreatedAt)}</td>
                <td>{e.Subject}<br><span class="meta">{e.Kind}</span></td>
                <td>{string.Join(", ", e.Recipients.Select(r => r.Address))}</td>
                <td>{CoordinatorText.EmailStatus(page, e.Status.ToString())}{(e.SentAt is { } sent ? Html.Of($"""<br><span class="meta">{page.Time(sent)}</span>""") : Markup.Empty)}</td>
                <td class="num">{page.Number(e.Attempts)}</td>
                <td>{e.LastError ?? "–"}</td>
                </tr>
                """));
            var next = emails.ContinuationToken is { } more
                ? Html.Of($"""<p><a href="{PageRoutes.CoordinatorPath("emails")}?page={Uri.EscapeDataString(more)}">{page.T("Halaman berikutnya", "Next page")}</a></p>""")
                : Markup.Empty;
            var content = emails.Emails.Count == 0
                ? Html.Of($"""<p>{page.T("Kotak keluar kosong.", "The outbox is empty.")}</p>""")
                : Html.Of($"""
                    <div class="table"><table class="emails">
                    <caption>{page.T("Email, terbaru lebih dulu", "Emails, newest first")}</caption>
                    <thead><tr><th scope="col">{page.T("Dibuat", "Created")}</th><th scope="col">{page.T("Subjek", "Subject")}</th><th scope="col">{page.T("Kepada", "To")}</th><th scope="col">{page.T("Status", "Status")}</th><th scope="col" class="num">{page.T("Percobaan", "Attempts")}</th><th scope="col">{page.T("Kesalahan terakhir", "Last error")}</th></tr></thead>
                    <tbody>{rows}</tbody>
                    </table></div>
                    {next}
                    """);
            return PageLayout.Page(page, page.T("Kotak keluar email", "Email outbox"), Html.Of($"{Coordinators.Menu(page)}{content}"), lead: ProgrammePages.Crumbs(page));
        });

    /// <summary><c>GET /api/pages/orchestrations</c> (coordinators): the orchestrations that failed.</summary>
    [Function("PageOrchestrations")]
    public Task<IResult> OrchestrationsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Orchestrations)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            if (Refusal(page) is { } refused)
            {
                return refused;
            }

            var failed = await InstanceCommands.ListAsync(client, new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed], PageSize = 100, FetchInputsAndOutputs = true }, cancellationToken).ConfigureAwait(false);
            var instances = failed?.Values ?? [];
            var content = instances.Count == 0
                ? Html.Of($"""<p>{page.T("Tidak ada orkestrasi yang gagal.", "No orchestration has failed.")}</p>""")
                : Html.Of($"""
                    <div class="table"><table>
                    <caption>{page.T($"{page.Number(instances.Count)} orkestrasi gagal", $"{page.Number(instances.Count)} failed orchestrations")}</caption>
                    <thead><tr><th scope="col">{page.T("Orkestrasi", "Orchestration")}</th><th scope="col">{page.T("Gagal", "Failed")}</th><th scope="col">{page.T("Kesalahan", "Error")}</th><th scope="col">{page.T("Tindakan", "Action")}</th></tr></thead>
                    <tbody>{Html.Join(instances, i => Html.Of($"""<tr><td><code>{i.InstanceId}</code><br><span class="meta">{i.Name}</span></td><td>{page.Time(i.LastUpdatedAt)}</td><td>{i.FailureDetails?.ErrorMessage ?? "–"}</td><td><a href="{PageRoutes.OrchestrationPath(i.InstanceId)}">{page.T("Mulai ulang atau hentikan", "Restart or terminate")}<span class="visually-hidden"> {i.InstanceId}</span></a></td></tr>"""))}</tbody>
                    </table></div>
                    """);
            return PageLayout.Page(page, page.T("Orkestrasi gagal", "Failed orchestrations"), Html.Of($"{Coordinators.Menu(page)}{content}"), lead: ProgrammePages.Crumbs(page));
        });

    /// <summary><c>GET /api/pages/orchestrations/{instanceId}</c> (coordinators): one orchestration and the confirm step of restarting or terminating it.</summary>
    [Function("PageOrchestration")]
    public Task<IResult> OrchestrationAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Orchestration)] HttpRequest request, string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, instanceId, client, null, cancellationToken));

    /// <summary>
    /// <c>POST /api/pages/orchestrations/{instanceId}/restart</c> (coordinators): runs the repair pass of the daily
    /// deadline check now, which starts every failed orchestration of a record again (this one included) on the
    /// current code version.
    /// </summary>
    [Function("PageOrchestrationRestart")]
    public Task<IResult> RestartAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.OrchestrationRestart)] HttpRequest request, string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            async (page, _) =>
            {
                if (!page.Person.Caller.IsCoordinator)
                {
                    return Forbidden();
                }

                var result = await repair.RunAsync(client, cancellationToken).ConfigureAwait(false);
                return new Outcome.Done(result);
            },
            (_, _) => new SeeOther(PageRoutes.OrchestrationPath(instanceId) + "?saved=restarted"),
            (page, state) => RenderAsync(page, instanceId, client, state.Problem, cancellationToken));

    /// <summary><c>POST /api/pages/orchestrations/{instanceId}/terminate</c> (coordinators): terminates it, as the management API's terminate does.</summary>
    [Function("PageOrchestrationTerminate")]
    public Task<IResult> TerminateAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.OrchestrationTerminate)] HttpRequest request, string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            async (page, _) =>
            {
                if (!page.Person.Caller.IsCoordinator)
                {
                    return Forbidden();
                }

                var outcome = await InstanceCommands.TerminateAsync(client, instanceId, $"Terminated by {page.Person.PersonName} ({page.Person.OrganisationId}) from the coordinator pages", recursive: false, cancellationToken).ConfigureAwait(false);
                return outcome == InstanceOutcome.NotFound ? FormProblems.NotFound("orchestration", "orkestrasi", instanceId) : new Outcome.Done(outcome.ToString());
            },
            (_, _) => new SeeOther(PageRoutes.OrchestrationPath(instanceId) + "?saved=terminated"),
            (page, state) => RenderAsync(page, instanceId, client, state.Problem, cancellationToken));

    private static Problem Forbidden() => FormProblems.Forbidden("restart or terminate orchestrations (coordinators and operators do)", "memulai ulang atau menghentikan orkestrasi (dilakukan koordinator dan operator)");

    private static IResult? Refusal(PageContext page) =>
        Coordinators.Refusal(page, "see the email outbox and the orchestrations (coordinators do)", "melihat kotak keluar email dan orkestrasi (dilakukan koordinator)");

    private static async Task<IResult> RenderAsync(PageContext page, string instanceId, DurableTaskClient client, PageProblem? problem, CancellationToken cancellationToken)
    {
        if (Refusal(page) is { } refused)
        {
            return refused;
        }

        var instance = instanceId.Length is > 0 and <= 100 ? await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) : null;
        if (instance is null)
        {
            return PageLayout.Refusal(page, PageProblem.Of(FormProblems.NotFound("orchestration", "orkestrasi", instanceId)));
        }

        var saved = page.Request.Query["saved"].ToString() switch
        {
            "restarted" => page.T("Pemeriksaan perbaikan dijalankan; orkestrasi yang gagal dimulai ulang.", "The repair pass ran; failed orchestrations were started again."),
            "terminated" => page.T("Orkestrasi dihentikan.", "The orchestration is terminated."),
            _ => null,
        };
        var running = instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
        var restart = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            ? Html.Of($"""
                <section class="panel" aria-labelledby="restart-heading">
                <h2 id="restart-heading">{page.T("Mulai ulang", "Restart")}</h2>
                <p>{page.T("Menjalankan sekarang pemeriksaan perbaikan harian: setiap orkestrasi yang gagal dimulai ulang dari catatannya (yang ini juga), dengan versi kode terbaru.", "Runs the daily repair pass now: every failed orchestration is started again from its record (this one included), on the current code version.")}</p>
                {PageForm.Start(page, FormState.Fresh(), PageRoutes.OrchestrationPath(instanceId, "restart"))}
                {PageForm.End(page.T("Ya, mulai ulang", "Yes, restart"))}
                </section>
                """)
            : Markup.Empty;
        var terminate = running
            ? Html.Of($"""
                <section class="panel" aria-labelledby="terminate-heading">
                <h2 id="terminate-heading">{page.T("Hentikan", "Terminate")}</h2>
                <p>{page.T("Orkestrasi berhenti dan tidak mengirim pengingat atau pemberitahuan lagi. Pemeriksaan harian memulainya lagi bila catatannya masih menunggu. Tindakan ini tidak dapat dibatalkan.", "The orchestration stops and sends no more reminders or notices. The daily check starts it again while its record still waits. This cannot be undone.")}</p>
                {PageForm.Start(page, FormState.Fresh(), PageRoutes.OrchestrationPath(instanceId, "terminate"))}
                {PageForm.End(page.T("Ya, hentikan orkestrasi ini", "Yes, terminate this orchestration"))}
                </section>
                """)
            : Markup.Empty;
        var shownProblem = problem is null ? Markup.Empty : Html.Of($"""<div class="notice problem" role="alert"><p>{problem.DetailIn(page)}</p></div>""");
        var content = Html.Of($"""
            {PageLayout.Saved(saved)}
            {shownProblem}
            <dl class="facts">
            <dt>{page.T("Orkestrasi", "Orchestration")}</dt><dd><code>{instance.InstanceId}</code> ({instance.Name})</dd>
            <dt>{page.T("Status", "Status")}</dt><dd>{CoordinatorText.Runtime(page, instance.RuntimeStatus)}</dd>
            <dt>{page.T("Dibuat", "Created")}</dt><dd>{page.Time(instance.CreatedAt)}</dd>
            <dt>{page.T("Diperbarui", "Updated")}</dt><dd>{page.Time(instance.LastUpdatedAt)}</dd>
            <dt>{page.T("Kesalahan", "Error")}</dt><dd>{instance.FailureDetails?.ErrorMessage ?? "–"}</dd>
            </dl>
            {restart}
            {terminate}
            {(restart.Value.Length == 0 && terminate.Value.Length == 0 ? Html.Of($"""<p>{page.T("Orkestrasi ini sudah selesai; tidak ada yang dapat dimulai ulang atau dihentikan.", "This orchestration has finished; there is nothing to restart or terminate.")}</p>""") : Markup.Empty)}
            <p><a href="{PageRoutes.CoordinatorPath("orchestrations")}">{page.T("Kembali ke orkestrasi gagal", "Back to the failed orchestrations")}</a></p>
            """);
        return PageLayout.Page(page, page.T("Orkestrasi", "Orchestration"), content, problem?.Status ?? StatusCodes.Status200OK, ProgrammePages.Crumbs(page));
    }
}
