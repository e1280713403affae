using System.Globalization;
using System.Text.RegularExpressions;

namespace IkmaWorkflow.FunctionApp.Pages;

/// <summary>
/// Forms with a row per item (assessments, a plan's tracks): rows left empty are not sent, so the domain's
/// <c>name[j]</c> is the j-th row filled in; these name the messages back after the row of the page's table.
/// </summary>
public static partial class PageRows
{
    /// <summary><paramref name="problem"/> with each <c>name[j]</c> field renamed <c>name[rows[j]]</c>.</summary>
    public static PageProblem? Renumber(PageProblem? problem, string name, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (problem is null)
        {
            return null;
        }

        string Row(string field)
        {
            var match = Index().Match(field);
            if (!match.Success || match.Groups[1].Value != name)
            {
                return field;
            }

            var j = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            return j < rows.Count ? $"{name}[{rows[j]}]{field[match.Length..]}" : field;
        }

        Dictionary<string, string[]> Renamed(IReadOnlyDictionary<string, string[]> errors) =>
            errors.GroupBy(e => Row(e.Key), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);
        return problem with { Errors = Renamed(problem.Errors), IndonesianErrors = Renamed(problem.IndonesianErrors) };
    }

    /// <summary>The row of field <paramref name="field"/> of list <paramref name="name"/> and the part after it (<c>.score</c>), if it is one.</summary>
    public static (int Row, string Part)? RowOf(string field, string name)
    {
        ArgumentNullException.ThrowIfNull(field);
        var match = Index().Match(field);
        return match.Success && match.Groups[1].Value == name
            ? (int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), field[match.Length..].TrimStart('.'))
            : null;
    }

    [GeneratedRegex(@"^(\w+)\[(\d+)\]")]
    private static partial Regex Index();
}
