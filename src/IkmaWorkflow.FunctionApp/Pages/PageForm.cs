namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// The parts of a page form: the form element with its hidden anti-forgery token and idempotency key, and fields
/// whose label is tied to the input, whose messages from the domain stand next to it (and in a summary at the top),
/// and whose typed value is kept. Fields carry no <c>required</c> attribute: the domain's rules, the same as the
/// API's, decide what is missing, and say so in both languages.
/// </summary>
public static class PageForm
{
    /// <summary>
    /// The form element's start with its hidden fields; <paramref name="multipart"/> for a file. When the back button
    /// reloads the page, the script puts back the key the form was sent with (the browser puts back what was typed).
    /// </summary>
    public static Markup Start(PageContext page, FormState state, string action, bool multipart = false, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(state);
        var enctype = multipart ? Html.Of($""" enctype="multipart/form-data" """) : Markup.Empty;
        return Html.Of($"""
            <form method="post" action="{action}"{enctype} class="{cssClass ?? "form"}" novalidate>
            {PageLayout.Hidden(AntiForgery.FieldName, page.FormToken)}
            {PageLayout.Hidden(FormState.KeyField, state.Key)}
            """);
    }

    /// <summary>The end of a form, with its submit button (disabled by the script once pressed).</summary>
    public static Markup End(string submitLabel) => Html.Of($"""
        <div class="actions"><button type="submit" class="primary">{submitLabel}</button></div>
        </form>
        """);

    /// <summary>
    /// The problem's summary at the top of a form: what is wrong, and each field's messages linking to the field;
    /// <paramref name="label"/> names a field as the form labels it.
    /// </summary>
    public static Markup Summary(PageContext page, FormState state, Func<string, string> label)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(label);
        if (state.Problem is not { } problem)
        {
            return Markup.Empty;
        }

        var items = Html.Join(problem.AllErrors(page), e => Html.Join(e.Messages, m => Html.Of($"""<li><a href="#{IdOf(e.Field)}">{label(e.Field)}</a>: {m}</li>""")));
        var list = problem.Errors.Count > 0 ? Html.Of($"<ul>{items}</ul>") : Markup.Empty;
        return Html.Of($"""
            <div class="notice problem" role="alert" tabindex="-1" id="problem">
            <h2>{problem.TitleIn(page)}</h2>
            <p>{problem.DetailIn(page)}</p>
            {list}
            </div>
            """);
    }

    /// <summary>A one-line input (<paramref name="type"/> text, email, month, date...).</summary>
    public static Markup Input(PageContext page, FormState state, string name, string label, string type = "text", string? hint = null, string? autocomplete = null, bool optional = false, string? value = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (describedBy, messages, invalid) = Around(page, state, name, hint);
        var auto = autocomplete is null ? Markup.Empty : Html.Of($""" autocomplete="{autocomplete}" """);
        return Html.Of($"""
            <div class="field{(invalid ? " invalid" : string.Empty)}">
            <label for="{IdOf(name)}">{label}{Optional(page, optional)}</label>
            {Hint(name, hint)}{messages}
            <input id="{IdOf(name)}" name="{name}" type="{type}" value="{state.Value(name) ?? value ?? string.Empty}"{auto}{Invalid(invalid)}{describedBy}>
            </div>
            """);
    }

    /// <summary>A multi-line text.</summary>
    public static Markup TextArea(PageContext page, FormState state, string name, string label, string? hint = null, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (describedBy, messages, invalid) = Around(page, state, name, hint);
        return Html.Of($"""
            <div class="field{(invalid ? " invalid" : string.Empty)}">
            <label for="{IdOf(name)}">{label}{Optional(page, optional)}</label>
            {Hint(name, hint)}{messages}
            <textarea id="{IdOf(name)}" name="{name}" rows="3"{Invalid(invalid)}{describedBy}>{state.Value(name) ?? string.Empty}</textarea>
            </div>
            """);
    }

    /// <summary>A choice of one among <paramref name="options"/> (value, label), with an empty first option.</summary>
    public static Markup Select(PageContext page, FormState state, string name, string label, IEnumerable<(string Value, string Label)> options, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(state);
        var (describedBy, messages, invalid) = Around(page, state, name, hint);
        var chosen = state.Value(name);
        var items = Html.Join(options, o => Html.Of($"""<option value="{o.Value}"{(o.Value == chosen ? Html.Of($" selected") : Markup.Empty)}>{o.Label}</option>"""));
        return Html.Of($"""
            <div class="field{(invalid ? " invalid" : string.Empty)}">
            <label for="{IdOf(name)}">{label}</label>
            {Hint(name, hint)}{messages}
            <select id="{IdOf(name)}" name="{name}"{Invalid(invalid)}{describedBy}><option value="">{page.T("— pilih —", "— choose —")}</option>{items}</select>
            </div>
            """);
    }

    /// <summary>A yes-or-no checkbox posting <c>true</c> when ticked.</summary>
    public static Markup Checkbox(PageContext page, FormState state, string name, string label, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (describedBy, messages, invalid) = Around(page, state, name, hint);
        var ticked = state.Value(name) == "true" ? Html.Of($" checked") : Markup.Empty;
        return Html.Of($"""
            <div class="field check{(invalid ? " invalid" : string.Empty)}">
            {messages}
            <input id="{IdOf(name)}" name="{name}" type="checkbox" value="true"{ticked}{Invalid(invalid)}{describedBy}>
            <label for="{IdOf(name)}">{label}</label>
            {Hint(name, hint)}
            </div>
            """);
    }

    /// <summary>A choice of one among <paramref name="options"/> shown as radio buttons in a fieldset.</summary>
    public static Markup Radios(PageContext page, FormState state, string name, string legend, IEnumerable<(string Value, string Label)> options, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (describedBy, messages, invalid) = Around(page, state, name, hint);
        var chosen = state.Value(name);
        var index = 0;
        var items = Html.Join(options, o =>
        {
            var id = $"{IdOf(name)}-{index++}";
            var ticked = o.Value == chosen ? Html.Of($" checked") : Markup.Empty;
            return Html.Of($"""<div class="radio"><input id="{id}" name="{name}" type="radio" value="{o.Value}"{ticked}><label for="{id}">{o.Label}</label></div>""");
        });
        return Html.Of($"""
            <fieldset class="field{(invalid ? " invalid" : string.Empty)}" id="{IdOf(name)}"{describedBy}>
            <legend>{legend}</legend>
            {Hint(name, hint)}{messages}
            {items}
            </fieldset>
            """);
    }

    /// <summary>
    /// The upload's progress bar, hidden until the script sends the form with a progress (docs/pages.md); after the
    /// form's file field.
    /// </summary>
    public static Markup UploadProgress(PageContext page) => Html.Of($"""
        <div class="progress" hidden><label for="upload-progress">{page.T("Mengunggah", "Uploading")}</label> <progress id="upload-progress" max="100" value="0">0%</progress> <span class="percent" aria-live="polite"></span></div>
        """);

    /// <summary>A file to upload.</summary>
    public static Markup File(PageContext page, FormState state, string name, string label, string accept, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (describedBy, messages, invalid) = Around(page, state, name, hint);
        return Html.Of($"""
            <div class="field{(invalid ? " invalid" : string.Empty)}">
            <label for="{IdOf(name)}">{label}</label>
            {Hint(name, hint)}{messages}
            <input id="{IdOf(name)}" name="{name}" type="file" accept="{accept}"{Invalid(invalid)}{describedBy}>
            </div>
            """);
    }

    /// <summary>The id of the input of field <paramref name="name"/> (field paths such as <c>present[0]</c> included).</summary>
    public static string IdOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "f-" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
    }

    private static (Markup DescribedBy, Markup Messages, bool Invalid) Around(PageContext page, FormState state, string name, string? hint)
    {
        ArgumentNullException.ThrowIfNull(page);
        var errors = state.Problem?.ErrorsFor(page, name) ?? [];
        var ids = new List<string>();
        if (hint is not null)
        {
            ids.Add(IdOf(name) + "-hint");
        }

        if (errors.Count > 0)
        {
            ids.Add(IdOf(name) + "-error");
        }

        var describedBy = ids.Count > 0 ? Html.Of($""" aria-describedby="{string.Join(' ', ids)}" """) : Markup.Empty;
        var messages = errors.Count > 0
            ? Html.Of($"""<p class="error" id="{IdOf(name)}-error"><span class="visually-hidden">{page.T("Kesalahan", "Error")}: </span>{string.Join(" ", errors)}</p>""")
            : Markup.Empty;
        return (describedBy, messages, errors.Count > 0);
    }

    private static Markup Hint(string name, string? hint) =>
        hint is null ? Markup.Empty : Html.Of($"""<p class="hint" id="{IdOf(name)}-hint">{hint}</p>""");

    private static Markup Invalid(bool invalid) => invalid ? Html.Of($""" aria-invalid="true" """) : Markup.Empty;

    private static Markup Optional(PageContext page, bool optional) =>
        optional ? Html.Of($""" <span class="optional">({page.T("tidak wajib", "optional")})</span>""") : Markup.Empty;
}
