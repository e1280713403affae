using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>
/// RFC 9457 problem details said twice: <c>title</c> and <c>detail</c> in English, the <c>indonesian</c> member in
/// Indonesian. <c>type</c> names the problem as <c>urn:ikma-workflow:problem:&lt;name&gt;</c>. The domain's
/// <see cref="Problem"/> becomes one through <see cref="Of"/>; the app's own refusals (keys, storage, operator APIs)
/// are built here directly.
/// </summary>
public static class BilingualProblem
{
    /// <summary>The prefix of every problem type.</summary>
    public const string TypePrefix = "urn:ikma-workflow:problem:";

    /// <summary>Builds the problem; <paramref name="members"/> become extension members naming what was wrong.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="name">The problem's name, the end of its <c>type</c>.</param>
    /// <param name="title">The short summary in English.</param>
    /// <param name="detail">This occurrence in English.</param>
    /// <param name="titleIndonesian">The short summary in Indonesian.</param>
    /// <param name="detailIndonesian">This occurrence in Indonesian.</param>
    /// <param name="members">Extra members, such as the id the problem is about.</param>
    public static ProblemHttpResult Create(
        int status, string name, string title, string detail, string titleIndonesian, string detailIndonesian, params (string Key, object? Value)[] members)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + name,
            Title = title,
            Status = status,
            Detail = detail,
        };
        problem.Extensions["indonesian"] = new LocalizedProblemText(titleIndonesian, detailIndonesian);
        foreach (var (key, value) in members)
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>The HTTP answer to the domain's <paramref name="problem"/>.</summary>
    public static ProblemHttpResult Of(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Create(
            StatusOf(problem.Kind), problem.Name, problem.Title, problem.Detail, problem.TitleIndonesian, problem.DetailIndonesian,
            [.. problem.Members.Select(m => (m.Key, m.Value))]);
    }

    /// <summary>The HTTP status of a refusal of <paramref name="kind"/>.</summary>
    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.Gone => StatusCodes.Status410Gone,
        ProblemKind.Stale => StatusCodes.Status412PreconditionFailed,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A problem kind without an HTTP status."),
    };
}

/// <summary>A problem's title and detail in one more language.</summary>
/// <param name="Title">The short summary.</param>
/// <param name="Detail">The explanation of this occurrence.</param>
public sealed record LocalizedProblemText(string Title, string Detail);
