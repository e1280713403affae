using System.Text;

namespace IkmaWorkflow.Programmes.Training;

/// <summary>Reads RFC 4180 CSV: comma or semicolon separated (spreadsheets in Indonesian locales write semicolons), quoted fields may hold separators, quotes and line breaks.</summary>
internal static class CsvReader
{
    /// <summary>The records of <paramref name="text"/>, blank lines skipped; <see langword="null"/> with a reason when a quote is never closed.</summary>
    public static (List<string[]>? Rows, string? Problem) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRecord(rows, fields, field);
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            return (null, "a quoted field is never closed");
        }

        EndRecord(rows, fields, field);
        return (rows, null);
    }

    private static void EndRecord(List<string[]> rows, List<string> fields, StringBuilder field)
    {
        fields.Add(field.ToString());
        field.Clear();
        if (fields.Count > 1 || fields[0].Trim().Length > 0)
        {
            rows.Add([.. fields.Select(f => f.Trim())]);
        }

        fields.Clear();
    }
}
