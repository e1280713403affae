using IkmaWorkflow.FunctionApp.Pages;

namespace IkmaWorkflow.FunctionApp.Tests.Pages;

/// <summary>Rows left empty are not sent: the domain's <c>results[j]</c> is named back after the page's row.</summary>
public sealed class PageRowsTests
{
    [Fact]
    public void Renumber_RowsFilledInZeroAndThree_MessagesOfTheSecondGoToRowThree()
    {
        var problem = new PageProblem(
            400, "invalid-submission", "Invalid", "Fix results[1].score.", "Tidak valid", "Perbaiki results[1].score.",
            new Dictionary<string, string[]> { ["results[1].score"] = ["Must be from 0 to 100."], ["results[0]"] = ["Whole row."], ["results"] = ["Twice."], ["endDate"] = ["Not before."] },
            new Dictionary<string, string[]> { ["results[1].score"] = ["Harus antara 0 dan 100."] });

        var renumbered = PageRows.Renumber(problem, "results", [0, 3])!;

        Assert.Equal(["results[3].score", "results[0]", "results", "endDate"], renumbered.Errors.Keys);
        Assert.Equal(["Must be from 0 to 100."], renumbered.Errors["results[3].score"]);
        Assert.Equal(["Harus antara 0 dan 100."], renumbered.IndonesianErrors["results[3].score"]);
        Assert.Null(PageRows.Renumber(null, "results", [0]));
    }

    [Fact]
    public void Renumber_OtherListOrIndexBeyondTheRows_Unchanged()
    {
        var problem = new PageProblem(
            400, "invalid-submission", "Invalid", string.Empty, "Tidak valid", string.Empty,
            new Dictionary<string, string[]> { ["tracks[0].quota"] = ["Whole number."], ["results[5].passed"] = ["Required."] },
            new Dictionary<string, string[]>());

        var renumbered = PageRows.Renumber(problem, "results", [2])!;

        Assert.Equal(["tracks[0].quota", "results[5].passed"], renumbered.Errors.Keys);
    }

    [Theory]
    [InlineData("tracks[2].quota", "tracks", 2, "quota")]
    [InlineData("tracks[10]", "tracks", 10, "")]
    public void RowOf_FieldOfTheList_RowAndPart(string field, string name, int row, string part) =>
        Assert.Equal((row, part), PageRows.RowOf(field, name));

    [Theory]
    [InlineData("tracks", "tracks")]
    [InlineData("results[1].score", "tracks")]
    [InlineData("endDate", "tracks")]
    public void RowOf_NotARowOfTheList_None(string field, string name) => Assert.Null(PageRows.RowOf(field, name));
}
