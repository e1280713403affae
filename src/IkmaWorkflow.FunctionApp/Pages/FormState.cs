using IkmaWorkflow.Programmes.Access;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// What a form shows: the values typed (kept when the form comes back with a problem), the problem, and the form's
/// idempotency key (hidden field <see cref="KeyField"/>): new for a fresh form, the same when the form comes back, so
/// a double click, a reload or the back button sends the same submission, which the app stores once.
/// </summary>
/// <param name="Posted">The fields as posted; none for a fresh form.</param>
/// <param name="Problem">Why the form came back; none for a fresh form.</param>
/// <param name="Key">The idempotency key.</param>
public sealed record FormState(IFormCollection? Posted, PageProblem? Problem, string Key)
{
    /// <summary>The hidden field holding the idempotency key.</summary>
    public const string KeyField = "__key";

    /// <summary>The HTTP status the form's page answers with: the problem's, or 200.</summary>
    public int Status => Problem?.Status ?? StatusCodes.Status200OK;

    /// <summary>A fresh form with a new key.</summary>
    public static FormState Fresh() => new(null, null, RandomToken.New());

    /// <summary>The form as posted, with <paramref name="problem"/>; a new key when the app refused the old one.</summary>
    public static FormState Again(IFormCollection posted, PageProblem problem)
    {
        ArgumentNullException.ThrowIfNull(posted);
        ArgumentNullException.ThrowIfNull(problem);
        var key = posted[KeyField].ToString();
        return new FormState(posted, problem, problem.Name == "idempotency-key-reused" || key.Length == 0 ? RandomToken.New() : key);
    }

    /// <summary>The value typed in <paramref name="name"/>, if any.</summary>
    public string? Value(string name) => Posted is { } posted && posted.TryGetValue(name, out var value) && value.Count > 0 ? value.ToString() : null;

    /// <summary>Every value posted under <paramref name="name"/> (a checkbox list).</summary>
    public IReadOnlyList<string> Values(string name) => Posted is { } posted && posted.TryGetValue(name, out var value) ? [.. value.Where(v => v is not null).Select(v => v!)] : [];
}
