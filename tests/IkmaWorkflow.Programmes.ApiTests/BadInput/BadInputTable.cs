using System.Text.RegularExpressions;

namespace IkmaWorkflow.Programmes.ApiTests.BadInput;

/// <summary>One row of the table in docs/bad-inputs.md.</summary>
/// <param name="Case">The case name, the key of its input in <see cref="BadInputCases"/>.</param>
/// <param name="Method">The request's method.</param>
/// <param name="Path">The request's path as the OpenAPI description writes it, such as <c>/programmes/{id}</c>.</param>
/// <param name="Status">The status the app answers.</param>
/// <param name="Problem">The problem's name.</param>
/// <param name="Names">What the problem names (a field, parameter or member); <see langword="null"/> for nothing in particular.</param>
internal sealed partial record BadInputRow(string Case, string Method, string Path, int Status, string Problem, string? Names)
{
    /// <summary>The rows of the table in docs/bad-inputs.md.</summary>
    public static IReadOnlyList<BadInputRow> Read()
    {
        var rows = new List<BadInputRow>();
        foreach (var line in File.ReadLines(System.IO.Path.Combine(RepositoryRoot(), "docs", "bad-inputs.md")))
        {
            if (RowPattern().Match(line) is { Success: true } row)
            {
                rows.Add(new BadInputRow(
                    row.Groups["case"].Value,
                    row.Groups["method"].Value,
                    row.Groups["path"].Value,
                    int.Parse(row.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    row.Groups["problem"].Value,
                    row.Groups["names"].Success ? row.Groups["names"].Value : null));
            }
        }

        return rows;
    }

    /// <summary>Whether <paramref name="path"/> (as sent, with <c>api/</c>) is an address of this row's path template.</summary>
    public bool Matches(string method, string path)
    {
        var pattern = "^/?api" + Regex.Replace(Regex.Escape(Path), @"\\\{[^}]+}", "[^/]+") + "$";
        return method == Method && Regex.IsMatch(path, pattern);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "IkmaWorkflow.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IkmaWorkflow.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\| `(?<case>[a-z0-9-]+)` \| `(?<method>[A-Z]+) (?<path>/[^`]*)` \| [^|]+ \| (?<status>\d{3}) \| `(?<problem>[a-z-]+)` \| (?:`(?<names>[^`]+)`|—) \|$")]
    private static partial Regex RowPattern();
}
