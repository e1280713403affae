using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IkmaWorkflow.Programmes.Forms;

/// <summary>
/// RFC 9457 problem details said twice: <c>title</c> and <c>detail</c> in English, the <c>indonesian</c> member in
/// Indonesian. <c>type</c> names the problem as <c>urn:ikma-workflow:problem:&lt;name&gt;</c>.
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
}

/// <summary>A problem's title and detail in one more language.</summary>
/// <param name="Title">The short summary.</param>
/// <param name="Detail">The explanation of this occurrence.</param>
public sealed record LocalizedProblemText(string Title, string Detail);
