using IkmaWorkflow.FunctionApp.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// A refusal as a page shows it, read from the same problem details the API answers: its title and detail in both
/// languages, and each field's messages (<c>errors</c>, <c>indonesianErrors</c>) to show next to the field.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Name">The problem's name, such as <c>invalid-submission</c>.</param>
/// <param name="Title">The title in English.</param>
/// <param name="Detail">The detail in English.</param>
/// <param name="TitleIndonesian">The title in Indonesian.</param>
/// <param name="DetailIndonesian">The detail in Indonesian.</param>
/// <param name="Errors">English messages by field.</param>
/// <param name="IndonesianErrors">Indonesian messages by field.</param>
public sealed record PageProblem(
    int Status, string Name, string Title, string Detail, string TitleIndonesian, string DetailIndonesian,
    IReadOnlyDictionary<string, string[]> Errors, IReadOnlyDictionary<string, string[]> IndonesianErrors)
{
    /// <summary>The problem the API would answer with <paramref name="result"/>.</summary>
    public static PageProblem Of(ProblemHttpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var details = result.ProblemDetails;
        var indonesian = details.Extensions.TryGetValue("indonesian", out var text) && text is LocalizedProblemText localized ? localized : null;
        return new PageProblem(
            result.StatusCode,
            details.Type is { } type && type.StartsWith(BilingualProblem.TypePrefix, StringComparison.Ordinal) ? type[BilingualProblem.TypePrefix.Length..] : string.Empty,
            details.Title ?? string.Empty,
            details.Detail ?? string.Empty,
            indonesian?.Title ?? details.Title ?? string.Empty,
            indonesian?.Detail ?? details.Detail ?? string.Empty,
            Messages(details.Extensions, "errors"),
            Messages(details.Extensions, "indonesianErrors"));
    }

    /// <summary>The problem the API would answer for the domain's <paramref name="problem"/>.</summary>
    public static PageProblem Of(Programmes.Forms.Problem problem) => Of(BilingualProblem.Of(problem));

    /// <summary>The title in the page's language.</summary>
    public string TitleIn(PageContext page) => page?.English == true ? Title : TitleIndonesian;

    /// <summary>The detail in the page's language.</summary>
    public string DetailIn(PageContext page) => page?.English == true ? Detail : DetailIndonesian;

    /// <summary>The messages about <paramref name="field"/> in the page's language.</summary>
    public IReadOnlyList<string> ErrorsFor(PageContext page, string field)
    {
        ArgumentNullException.ThrowIfNull(page);
        var errors = page.English ? Errors : IndonesianErrors;
        return errors.TryGetValue(field, out var messages) ? messages : [];
    }

    /// <summary>Every field with messages, in the order the domain found them, with the messages in the page's language.</summary>
    public IEnumerable<(string Field, string[] Messages)> AllErrors(PageContext page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return (page.English ? Errors : IndonesianErrors).Select(e => (e.Key, e.Value));
    }

    private static Dictionary<string, string[]> Messages(IDictionary<string, object?> extensions, string key) =>
        extensions.TryGetValue(key, out var value) && value is IReadOnlyDictionary<string, string[]> messages
            ? new Dictionary<string, string[]>(messages, StringComparer.Ordinal)
            : [];
}
