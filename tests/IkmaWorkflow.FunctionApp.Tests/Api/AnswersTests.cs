using IkmaWorkflow.FunctionApp.Api;
using IkmaWorkflow.Programmes.Forms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IkmaWorkflow.FunctionApp.Tests.Api;

/// <summary><see cref="Answers"/>: each domain outcome becomes the HTTP answer partners have always had.</summary>
public sealed class AnswersTests
{
    [Theory]
    [InlineData(ProblemKind.Invalid, 400)]
    [InlineData(ProblemKind.Unauthenticated, 401)]
    [InlineData(ProblemKind.Forbidden, 403)]
    [InlineData(ProblemKind.NotFound, 404)]
    [InlineData(ProblemKind.Conflict, 409)]
    [InlineData(ProblemKind.Gone, 410)]
    [InlineData(ProblemKind.Stale, 412)]
    [InlineData(ProblemKind.Unprocessable, 422)]
    [InlineData(ProblemKind.TooLarge, 413)]
    public void Of_Problem_StatusOfItsKindAndBothLanguages(ProblemKind kind, int status)
    {
        var problem = Problem.Of(kind, "wrong-stage", "Not at this stage", "Detail.", "Tidak sesuai tahap", "Rincian.", ("programmeId", "prg-1"));

        var answer = Assert.IsType<ProblemHttpResult>(Answers.Of(problem));

        Assert.Equal(status, answer.StatusCode);
        Assert.Equal(("urn:ikma-workflow:problem:wrong-stage", "Not at this stage", "Detail."), (answer.ProblemDetails.Type, answer.ProblemDetails.Title, answer.ProblemDetails.Detail));
        Assert.Equal(new LocalizedProblemText("Tidak sesuai tahap", "Rincian."), answer.ProblemDetails.Extensions["indonesian"]);
        Assert.Equal("prg-1", answer.ProblemDetails.Extensions["programmeId"]);
    }

    [Fact]
    public void StatusOf_EveryKindHasItsOwnStatus()
    {
        var statuses = Enum.GetValues<ProblemKind>().Select(BilingualProblem.StatusOf).ToList();

        Assert.Equal(statuses.Count, statuses.Distinct().Count());
        Assert.All(statuses, s => Assert.InRange(s, 400, 499));
    }

    [Fact]
    public void Of_Done_OkWithTheValue()
    {
        var answer = Assert.IsType<Ok<object>>(Answers.Of(new Outcome.Done(new[] { "a" })));

        Assert.Equal(new[] { "a" }, answer.Value);
    }

    [Fact]
    public void Of_Created_CreatedAtItsLocation()
    {
        var answer = Assert.IsType<Created<object>>(Answers.Of(new Outcome.Created("/api/letters/ltr-1", "letter")));

        Assert.Equal(("/api/letters/ltr-1", "letter"), (answer.Location, answer.Value));
    }

    [Fact]
    public void Of_File_TheBytesWithTypeAndName()
    {
        var answer = Assert.IsType<FileContentHttpResult>(Answers.Of(new Outcome.File([1, 2, 3], "application/pdf", "C-1.pdf")));

        Assert.Equal(new byte[] { 1, 2, 3 }, answer.FileContents.ToArray());
        Assert.Equal(("application/pdf", "C-1.pdf"), (answer.ContentType, answer.FileDownloadName));
    }

    [Theory]
    [InlineData(null, 200)]
    [InlineData(ProblemKind.Gone, 410)]
    public void Of_Page_HtmlWithTheStatusOfWhatItTells(ProblemKind? refusal, int status)
    {
        var answer = Assert.IsType<ContentHttpResult>(Answers.Of(new Outcome.Page("<p>Sah</p>", refusal)));

        Assert.Equal(("<p>Sah</p>", status), (answer.ResponseContent, answer.StatusCode));
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
    }
}
