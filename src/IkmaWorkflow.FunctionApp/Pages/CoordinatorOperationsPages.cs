using IkmaWorkflow.FunctionApp.Functions.DurableManagement;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Notifications;
using IkmaWorkflow.Programmes.Orchestrations;
using IkmaWorkflow.Programmes.Privacy;
using IkmaWorkflow.Programmes.Storage;
using Microsoft.DurableTask.Client;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The coordinators' view of the machinery: the email outbox (<see cref="EmailOutbox.ListAsync"/>, what the operators'
/// <c>GET /api/emails</c> lists) and the failed orchestrations, listed and terminated with the operator management
/// API's own <see cref="InstanceCommands"/>, and restarted one at a time by the rules of the repair pass the daily
/// deadline check runs (<see cref="OrchestrationRepair.RepairAsync"/>). A coordinator is a person of a ministry unit
/// signed in to the pages; the operator key is never involved.
/// </summary>
public sealed class CoordinatorOperationsPages(PageCalls pages, EmailOutbox outbox, OrchestrationRepair repair, RecordStore store, TimeProvider time)
{
    private const int EmailsPerPage = 50;

    // Failed orchestrations to a page, the management API's largest page; earlier pages remembered in the address, and
    // the longest continuation token read from it (Azure Storage's are a few hundred characters).
    private const int OrchestrationsPerPage = 100;
    private const int MaxPagesBack = 20;
    private const int MaxTokenLength = 2048;

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
            // The emails name their recipients and carry their text: logged before they are read.
            await AuditLog.RecordAsync(store, time, page.Person.Caller, AuditAction.EmailsRead, null, null, [], "list", cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// <c>GET /api/pages/orchestrations?page=&amp;before=</c> (coordinators): the orchestrations that failed, 100 to a
    /// page. <c>page</c> is the client's continuation token of the page shown; each <c>before</c> is the token of an
    /// earlier page (empty for the first), oldest first, so "previous" needs no state on the server.
    /// </summary>
    [Function("PageOrchestrations")]
    public Task<IResult> OrchestrationsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Orchestrations)] HttpRequest request, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.PageAsync(request, async page =>
        {
            if (Refusal(page) is { } refused)
            {
                return refused;
            }

            var token = request.Query["page"].ToString();
            var before = request.Query["before"].Select(t => t ?? string.Empty).ToList();
            if (token.Length is 0 or > MaxTokenLength || before.Count > MaxPagesBack || before.Any(t => t.Length > MaxTokenLength))
            {
                (token, before) = (string.Empty, []);
            }

            var failed = await InstanceCommands.ListAsync(client, FailedQuery(token), cancellationToken).ConfigureAwait(false);
            if (failed is null)
            {
                // A page address the backend cannot read (edited by hand, or from before a restart): the first page.
                (token, before) = (string.Empty, []);
                failed = await InstanceCommands.ListAsync(client, FailedQuery(token), cancellationToken).ConfigureAwait(false);
            }

            var instances = failed?.Values ?? [];
            var first = before.Count * OrchestrationsPerPage;
            var content = instances.Count == 0
                ? Html.Of($"""<p>{page.T(before.Count == 0 ? "Tidak ada orkestrasi yang gagal." : "Tidak ada lagi orkestrasi yang gagal.", before.Count == 0 ? "No orchestration has failed." : "No more failed orchestrations.")}</p>""")
                : Html.Of($"""
                    <div class="table"><table class="orchestrations">
                    <caption>{page.T($"Orkestrasi gagal {page.Number(first + 1)}–{page.Number(first + instances.Count)}", $"Failed orchestrations {page.Number(first + 1)}–{page.Number(first + instances.Count)}")}</caption>
                    <thead><tr><th scope="col">{page.T("Orkestrasi", "Orchestration")}</th><th scope="col">{page.T("Gagal", "Failed")}</th><th scope="col">{page.T("Kesalahan", "Error")}</th><th scope="col">{page.T("Tindakan", "Action")}</th></tr></thead>
                    <tbody>{Html.Join(instances, i => Html.Of($"""<tr><td><code>{i.InstanceId}</code><br><span class="meta">{i.Name}</span></td><td>{page.Time(i.LastUpdatedAt)}</td><td>{i.FailureDetails?.ErrorMessage ?? "–"}</td><td><a href="{PageRoutes.OrchestrationPath(i.InstanceId)}">{page.T("Mulai ulang atau hentikan", "Restart or terminate")}<span class="visually-hidden"> {i.InstanceId}</span></a></td></tr>"""))}</tbody>
                    </table></div>
                    """);
            var previous = before.Count > 0
                ? Html.Of($"""<a rel="prev" href="{OrchestrationsPage(before[^1], before[..^1])}">{page.T("Halaman sebelumnya", "Previous page")}</a>""")
                : Markup.Empty;
            var next = failed?.ContinuationToken is { Length: > 0 } more && instances.Count > 0 && before.Count < MaxPagesBack
                ? Html.Of($"""<a rel="next" href="{OrchestrationsPage(more, [.. before, token])}">{page.T("Halaman berikutnya", "Next page")}</a>""")
                : Markup.Empty;
            var paging = previous.Value.Length + next.Value.Length == 0
                ? Markup.Empty
                : Html.Of($"""<nav class="paging" aria-label="{page.T("Halaman orkestrasi gagal", "Pages of failed orchestrations")}"><p>{previous}{(previous.Value.Length > 0 && next.Value.Length > 0 ? " · " : string.Empty)}{next}</p></nav>""");
            return PageLayout.Page(page, page.T("Orkestrasi gagal", "Failed orchestrations"), Html.Of($"{Coordinators.Menu(page)}{content}{paging}"), lead: ProgrammePages.Crumbs(page));
        });

    /// <summary><c>GET /api/pages/orchestrations/{instanceId}</c> (coordinators): one orchestration and the confirm step of restarting or terminating it.</summary>
    [Function("PageOrchestration")]
    public Task<IResult> OrchestrationAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Orchestration)] HttpRequest request, string instanceId, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, instanceId, client, null, cancellationToken));

    /// <summary>
    /// <c>POST /api/pages/orchestrations/{instanceId}/restart</c> (coordinators): repairs this orchestration alone by
    /// the daily repair pass's rules (<see cref="OrchestrationRepair.RepairAsync"/>): a failed one starts again from the
    /// input of its failed generation, on the current code version.
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

                // Only an instance that exists (its id then names a record safely; a typed one could hold what a table key may not).
                if (instanceId.Length is 0 or > 100 || await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
                {
                    return FormProblems.NotFound("orchestration", "orkestrasi", instanceId);
                }

                OrchestrationRepairResult result;
                try
                {
                    result = await repair.RepairAsync(client, instanceId, cancellationToken).ConfigureAwait(false);
                }
                catch (System.Text.Json.JsonException)
                {
                    return Problem.Of(
                        ProblemKind.Conflict,
                        "input-unreadable",
                        "Not restarted",
                        $"The input of the orchestration '{instanceId}' cannot be read, so the repair cannot start it again. Nothing was changed.",
                        "Tidak dimulai ulang",
                        $"Masukan orkestrasi '{instanceId}' tidak dapat dibaca, sehingga perbaikan tidak dapat memulainya lagi. Tidak ada yang diubah.",
                        ("instanceId", instanceId));
                }

                return result.Restarted + result.Started > 0 ? new Outcome.Done(result) : NotRestarted(instanceId, result);
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

    // 409: the repair found no record it checks with this instance, or the instance had not failed (any more).
    private static Problem NotRestarted(string instanceId, OrchestrationRepairResult result) => result.Checked == 0
        ? Problem.Of(
            ProblemKind.Conflict,
            "not-repairable",
            "Not restarted",
            $"No programme, requested follow-up or current MoU has the orchestration '{instanceId}': the repair does not start it. Nothing was changed.",
            "Tidak dimulai ulang",
            $"Tidak ada program, tindak lanjut yang diminta, atau MoU yang berlaku dengan orkestrasi '{instanceId}': perbaikan tidak memulainya. Tidak ada yang diubah.",
            ("instanceId", instanceId))
        : Problem.Of(
            ProblemKind.Conflict,
            "not-failed",
            "Not restarted",
            $"The orchestration '{instanceId}' has not failed (any more): it was not started again.",
            "Tidak dimulai ulang",
            $"Orkestrasi '{instanceId}' tidak (lagi) gagal: tidak dimulai ulang.",
            ("instanceId", instanceId));

    private static OrchestrationQuery FailedQuery(string token) => new()
    {
        Statuses = [OrchestrationRuntimeStatus.Failed],
        PageSize = OrchestrationsPerPage,
        FetchInputsAndOutputs = true,
        ContinuationToken = token.Length == 0 ? null : token,
    };

    // The list's address showing the page of token, with the tokens of the pages before it.
    private static string OrchestrationsPage(string token, IEnumerable<string> before)
    {
        var query = string.Join("&", before.Select(t => "before=" + Uri.EscapeDataString(t)).Prepend(token.Length == 0 ? null : "page=" + Uri.EscapeDataString(token)).OfType<string>());
        return PageRoutes.CoordinatorPath("orchestrations") + (query.Length == 0 ? string.Empty : "?" + query);
    }

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
            "restarted" => page.T("Orkestrasi ini dimulai ulang.", "This orchestration was started again."),
            "terminated" => page.T("Orkestrasi dihentikan.", "The orchestration is terminated."),
            _ => null,
        };
        var running = instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
        var restart = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed
            ? Html.Of($"""
                <section class="panel" aria-labelledby="restart-heading">
                <h2 id="restart-heading">{page.T("Mulai ulang", "Restart")}</h2>
                <p>{page.T("Hanya orkestrasi ini dimulai ulang, dengan aturan pemeriksaan perbaikan harian: dari masukan generasi yang gagal, dengan versi kode terbaru. Orkestrasi lain tidak disentuh.", "Only this orchestration starts again, by the daily repair pass's rules: from the input of its failed generation, on the current code version. No other orchestration is touched.")}</p>
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
        var history = await CoordinatorHistory.SectionAsync(page, client, instance, cancellationToken).ConfigureAwait(false);
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
            {history}
            {restart}
            {terminate}
            {(restart.Value.Length == 0 && terminate.Value.Length == 0 ? Html.Of($"""<p>{page.T("Orkestrasi ini sudah selesai; tidak ada yang dapat dimulai ulang atau dihentikan.", "This orchestration has finished; there is nothing to restart or terminate.")}</p>""") : Markup.Empty)}
            <p><a href="{PageRoutes.CoordinatorPath("orchestrations")}">{page.T("Kembali ke orkestrasi gagal", "Back to the failed orchestrations")}</a></p>
            """);
        return PageLayout.Page(page, page.T("Orkestrasi", "Orchestration"), content, problem?.Status ?? StatusCodes.Status200OK, ProgrammePages.Crumbs(page));
    }
}
