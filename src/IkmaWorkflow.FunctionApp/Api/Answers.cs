using System.Text;
using IkmaWorkflow.Programmes.Forms;

namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>Turns what the domain answers (<see cref="Outcome"/>) into the HTTP answer.</summary>
public static class Answers
{
    /// <summary>200 with the value, 201 with its location, a file, a page, or the problem with its status.</summary>
    public static IResult Of(Outcome outcome) => outcome switch
    {
        Outcome.Done done => TypedResults.Ok(done.Value),
        Outcome.Created created => TypedResults.Created(created.Location, created.Value),
        Outcome.File file => TypedResults.File(file.Content, file.ContentType, file.FileName),
        Outcome.Page page => TypedResults.Content(
            page.Html, "text/html; charset=utf-8", Encoding.UTF8, page.Refusal is { } kind ? BilingualProblem.StatusOf(kind) : StatusCodes.Status200OK),
        Problem problem => BilingualProblem.Of(problem),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "An outcome without an HTTP answer."),
    };
}
