using System.Text.Json.Nodes;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>
/// Replays docs/bad-inputs.md against the app: every row's input (<see cref="BadInputCases"/>) to its request, with the
/// answer, problem and named field the row states, described by the OpenAPI document, and nothing stored.
/// </summary>
[Collection(BadInputGroup.Name)]
public sealed class BadInputTableTests(BadInputFixture scene)
{
    public static TheoryData<string> Cases => [.. BadInputRow.Read().Select(r => r.Case)];

    [Fact]
    public void Table_AgainstTheCases_OneRowPerCase()
    {
        var rows = BadInputRow.Read().Select(r => r.Case).ToList();

        Assert.True(rows.Count >= 40, $"Only {rows.Count} rows were read from docs/bad-inputs.md; is the table's format still the one BadInputRow reads?");
        Assert.Equal(rows.Count, rows.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(BadInputCases.All.Keys.Except(rows));
        Assert.Empty(rows.Except(BadInputCases.All.Keys));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Row_SentToTheApp_AnsweredAsTheTableSays(string name)
    {
        var row = BadInputRow.Read().Single(r => r.Case == name);
        var before = await scene.HoldingsAsync();

        var (status, problem) = await BadInputCases.All[name](scene);

        var sent = scene.LastRequest;
        Assert.True(row.Matches(sent.Method, sent.Path), $"{name} sent {sent.Method} {sent.Path}, not {row.Method} {row.Path}.");
        Assert.True(status == row.Status, $"{name} answered {status}, not {row.Status}: {problem?.ToJsonString()}");
        Assert.Equal("urn:ikma-workflow:problem:" + row.Problem, problem?["type"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem!["detail"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["indonesian"]?["detail"]?.GetValue<string>()), $"{name}: no Indonesian detail.");
        if (row.Names is { } names)
        {
            Assert.True(Names(problem, names), $"{name}: the problem does not name {names}: {problem.ToJsonString()}");
        }

        var (_, _, operation) = scene.OpenApi.Operations.Single(o => o.Method == row.Method && o.Path == row.Path);
        Assert.True(scene.OpenApi.Response(operation, status) is not null, $"{row.Method} {row.Path} answered {status}, which the OpenAPI description does not list.");
        Assert.Equal(before, await scene.HoldingsAsync());
    }

    // Named as a field (a key of errors), as the parameter, or as a member of the problem.
    private static bool Names(JsonNode problem, string names) =>
        problem["errors"]?.AsObject().ContainsKey(names) == true
        || problem["parameter"]?.GetValue<string>() == names
        || problem.AsObject().ContainsKey(names);
}
