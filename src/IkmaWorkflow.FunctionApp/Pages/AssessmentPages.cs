using System.Text.Json;
using System.Text.Json.Nodes;
using IkmaWorkflow.Programmes.Forms;
using IkmaWorkflow.Programmes.Storage;
using IkmaWorkflow.Programmes.Training;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The assessments: a table of the enrolled participants with a result, a score and remarks for each, sent to
/// <see cref="ResultRequests.SubmitAssessmentsAsync"/> as the API sends them (every organisation taking part may send
/// them; a later result for a participant replaces the earlier one). Rows left empty are not sent. The table starts
/// with the results stored (<see cref="ResultRequests.ListAssessmentsAsync"/>, what the API's read answers), so a
/// trainer sees what was sent and corrects it.
/// </summary>
public sealed class AssessmentPages(PageCalls pages, RecordStore store, TimeProvider time)
{
    /// <summary><c>GET /api/pages/programmes/{id}/assessments</c>: the table of results to fill in.</summary>
    [Function("PageAssessments")]
    public Task<IResult> AssessmentsAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Assessments)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.PageAsync(request, page => RenderAsync(page, id, FormState.Fresh(), cancellationToken));

    /// <summary><c>POST /api/pages/programmes/{id}/assessments</c>: the results of the rows filled in.</summary>
    [Function("PageAssessmentsSubmit")]
    public Task<IResult> SubmitAsync([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Assessments)] HttpRequest request, string id, CancellationToken cancellationToken) =>
        pages.FormAsync(
            request,
            (page, form) => ResultRequests.SubmitAssessmentsAsync(id, page.Person.Caller, new FormBody(Results(form).Data, null), store, time, cancellationToken),
            (_, form) => new SeeOther(PageRoutes.ProgrammePath(id, "assessments") + "?saved=" + Results(form).Rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (page, state) => RenderAsync(page, id, state with { Problem = PageRows.Renumber(state.Problem, "results", Results(state.Posted!).Rows) }, cancellationToken));

    // The rows filled in (a result, a score or remarks), as the API's "results" array; Rows[j] is the table row of results[j].
    private static (JsonElement Data, IReadOnlyList<int> Rows) Results(IFormCollection form)
    {
        var results = new JsonArray();
        var rows = new List<int>();
        for (var row = 0; form.ContainsKey($"results[{row}].participantId"); row++)
        {
            string Field(string name) => form[$"results[{row}].{name}"].ToString().Trim();
            var (passed, score, remarks) = (Field("passed"), Field("score"), Field("remarks"));
            if (passed.Length == 0 && score.Length == 0 && remarks.Length == 0)
            {
                continue;
            }

            var result = new JsonObject { ["participantId"] = Field("participantId") };
            if (passed is "true" or "false")
            {
                result["passed"] = passed == "true";
            }

            // A score that is not a whole number goes as typed, so the domain's message names it.
            if (score.Length > 0)
            {
                result["score"] = int.TryParse(score, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : score;
            }

            if (remarks.Length > 0)
            {
                result["remarks"] = remarks;
            }

            results.Add(result);
            rows.Add(row);
        }

        return (JsonSerializer.SerializeToElement(new JsonObject { ["results"] = results }), rows);
    }

    private async Task<IResult> RenderAsync(PageContext page, string id, FormState state, CancellationToken cancellationToken)
    {
        var (programme, participants, refused) = await PageData.ProgrammeAndParticipantsAsync(page, id, store, time, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var crumbs = ProgrammePages.Crumbs(page, id, programme!.Title);
        var title = page.T("Penilaian", "Assessments");
        if (programme.Stage is not (nameof(ProgrammeStage.InTraining) or nameof(ProgrammeStage.AwaitingClosingReport)) && state.Problem is null)
        {
            var content = Html.Of($"""<p class="notice">{page.T($"Penilaian tidak diterima pada tahap ini ({PageText.Stage(page, programme.Stage)}); penilaian dikirim selama pelatihan dan sampai laporan penutupan.", $"Assessments are not taken at this stage ({PageText.Stage(page, programme.Stage)}); they are sent during the training week and until the closing report.")}</p>""");
            return PageLayout.Page(page, title, content, lead: crumbs);
        }

        var (stored, unread) = PageData.Read<IReadOnlyList<ResultRequests.AssessmentView>>(
            page, await ResultRequests.ListAssessmentsAsync(id, page.Person.Caller, store, cancellationToken).ConfigureAwait(false));
        if (unread is not null)
        {
            return unread;
        }

        var results = stored!.ToDictionary(a => a.ParticipantId, StringComparer.Ordinal);
        var enrolled = participants!.Where(p => p.Status == "Enrolled").ToList();
        string Label(string field)
        {
            if (PageRows.RowOf(field, "results") is not var (row, part))
            {
                return field == "results" ? page.T("Hasil", "Results") : field;
            }

            var who = row < enrolled.Count ? enrolled[row].FullName ?? enrolled[row].Id : field;
            return part switch
            {
                "passed" => page.T($"Hasil {who}", $"Result of {who}"),
                "score" => page.T($"Nilai {who}", $"Score of {who}"),
                "remarks" => page.T($"Catatan {who}", $"Remarks on {who}"),
                _ => who,
            };
        }

        var index = 0;
        var rows = Html.Join(enrolled, p =>
        {
            var row = index++;
            var name = p.FullName ?? p.Id;

            // A fresh table shows the result stored; a table sent back shows what was typed.
            var result = state.Posted is null ? results.GetValueOrDefault(p.Id) : null;
            return Html.Of($"""
                <tr>
                <th scope="row">{name} <span class="meta">{PageText.ParticipantType(page, p.Type)} · {p.Track}</span>{PageLayout.Hidden($"results[{row}].participantId", p.Id)}</th>
                <td>{Cell(page, state, $"results[{row}].passed", page.T($"Hasil {name}", $"Result of {name}"), "passed", result is null ? null : result.Passed ? "true" : "false")}</td>
                <td class="num">{Cell(page, state, $"results[{row}].score", page.T($"Nilai {name}", $"Score of {name}"), "score", result?.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture))}</td>
                <td>{Cell(page, state, $"results[{row}].remarks", page.T($"Catatan {name}", $"Remarks on {name}"), "remarks", result?.Remarks)}</td>
                </tr>
                """);
        });
        var saved = page.Request.Query["saved"].ToString() is { Length: > 0 } count
            ? page.T($"Penilaian {count} peserta tersimpan.", $"Assessments of {count} participants saved.")
            : null;
        var form = enrolled.Count == 0
            ? Html.Of($"""<p>{page.T("Belum ada peserta terdaftar.", "No participant is enrolled yet.")}</p>""")
            : Html.Of($"""
                <p>{page.T("Isi baris peserta yang dinilai; baris kosong tidak dikirim. Tabel menampilkan penilaian yang sudah tersimpan: ubah baris untuk membetulkannya, penilaian yang dikirim lagi menggantikan yang lama. Mengosongkan baris tidak menghapus penilaian yang tersimpan.", "Fill in the rows of the participants assessed; empty rows are not sent. The table shows the results already stored: change a row to correct it, a result sent again replaces the earlier one. Emptying a row does not delete a stored result.")} {page.T($"Tersimpan: {page.Number(results.Count)} peserta.", $"Stored: {page.Number(results.Count)} participants.")}</p>
                {PageForm.Summary(page, state, Label)}
                {PageForm.Start(page, state, PageRoutes.ProgrammePath(id, "assessments"))}
                <div class="table"><table class="results">
                <caption>{page.T($"{page.Number(enrolled.Count)} peserta terdaftar", $"{page.Number(enrolled.Count)} participants enrolled")}</caption>
                <thead><tr><th scope="col">{page.T("Peserta", "Participant")}</th><th scope="col">{page.T("Hasil", "Result")}</th><th scope="col" class="num">{page.T("Nilai (0–100)", "Score (0–100)")}</th><th scope="col">{page.T("Catatan", "Remarks")} <span class="optional">({page.T("tidak wajib", "optional")})</span></th></tr></thead>
                <tbody>{rows}</tbody>
                </table></div>
                {PageForm.End(page.T("Kirim penilaian", "Send the assessments"))}
                """);
        return PageLayout.Page(page, title, Html.Of($"{PageLayout.Saved(saved)}{form}"), state.Status, crumbs);
    }

    // One input of the table, its label hidden (the row and column say it), its messages under it; the value typed,
    // else the one stored.
    private static Markup Cell(PageContext page, FormState state, string name, string label, string kind, string? stored)
    {
        var id = PageForm.IdOf(name);
        var errors = state.Problem?.ErrorsFor(page, name) ?? [];
        var invalid = errors.Count > 0 ? Html.Of($""" aria-invalid="true" aria-describedby="{id}-error" """) : Markup.Empty;
        var messages = errors.Count > 0
            ? Html.Of($"""<p class="error" id="{id}-error"><span class="visually-hidden">{page.T("Kesalahan", "Error")}: </span>{string.Join(" ", errors)}</p>""")
            : Markup.Empty;
        var value = state.Value(name) ?? stored ?? string.Empty;
        var input = kind switch
        {
            "passed" => Html.Of($"""<select id="{id}" name="{name}"{invalid}><option value="">–</option><option value="true"{Selected(value == "true")}>{page.T("Lulus", "Passed")}</option><option value="false"{Selected(value == "false")}>{page.T("Tidak lulus", "Not passed")}</option></select>"""),
            "score" => Html.Of($"""<input id="{id}" name="{name}" type="text" inputmode="numeric" size="4" value="{value}"{invalid}>"""),
            _ => Html.Of($"""<input id="{id}" name="{name}" type="text" value="{value}"{invalid}>"""),
        };
        return Html.Of($"""<label class="visually-hidden" for="{id}">{label}</label>{messages}{input}""");
    }

    private static Markup Selected(bool selected) => selected ? Html.Of($" selected") : Markup.Empty;
}
