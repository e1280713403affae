using System.Buffers;
using System.Globalization;
using System.Text;

namespace IkmaWorkflow.Programmes.Reports;

/// <summary>
/// Writes CSV exports: RFC 4180 (comma-separated, CRLF row ends, a field quoted when it holds a separator any
/// spreadsheet may split on, a quote, CR or LF, its quotes doubled) as UTF-8 with a byte-order mark, which spreadsheet
/// programs need to read Indonesian text right.
/// </summary>
/// <remarks>
/// Text can come from anyone taking part in a programme (a track name, a title), and a spreadsheet runs a cell that
/// starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return as a formula (formula or CSV injection).
/// A spreadsheet may split on another separator than the comma (Excel in the Indonesian locale splits on <c>;</c>),
/// so <see cref="Text"/> quotes a cell holding <c>,</c>, <c>;</c> or tab as well, and puts an apostrophe (which
/// spreadsheets take as "show as text") before a formula start at the beginning of the cell and after every
/// separator, CR or LF inside it: however a program splits the line, no piece starts a formula.
/// Numbers the report computes itself go through <see cref="Number(long)"/> and <see cref="Number(double, int)"/>
/// and are never prefixed, so a negative figure stays a number.
/// </remarks>
public sealed class CsvWriter
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] Separators = [',', ';', '\t', '\r', '\n'];
    private static readonly SearchValues<char> QuotedCharacters = SearchValues.Create(",;\t\"\r\n");
    private readonly StringBuilder _text = new();
    private bool _rowHasCells;

    /// <summary>Adds a text cell, neutralised against formulas and quoted as needed; <see langword="null"/> is an empty cell.</summary>
    public CsvWriter Text(string? value) => Cell(Quote(Neutralise(value ?? string.Empty)));

    /// <summary>Adds a whole number the report computed.</summary>
    public CsvWriter Number(long value) => Cell(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number the report computed, with <paramref name="decimals"/> digits after a full stop.</summary>
    public CsvWriter Number(double value, int decimals) => Cell(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    /// <summary>Adds a number the report computed, or an empty cell when there is none.</summary>
    public CsvWriter Number(double? value, int decimals) => value is { } v ? Number(v, decimals) : Cell(string.Empty);

    /// <summary>Adds several text cells.</summary>
    public CsvWriter Texts(params string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Text(value);
        }

        return this;
    }

    /// <summary>Ends the row (CRLF).</summary>
    public CsvWriter EndRow()
    {
        _text.Append("\r\n");
        _rowHasCells = false;
        return this;
    }

    /// <summary>The CSV text written so far, without the byte-order mark.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>The CSV as UTF-8 bytes starting with the byte-order mark (EF BB BF).</summary>
    public byte[] ToUtf8WithBom()
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        var preamble = encoding.GetPreamble();
        var text = _text.ToString();
        var bytes = new byte[preamble.Length + encoding.GetByteCount(text)];
        preamble.CopyTo(bytes, 0);
        encoding.GetBytes(text, 0, text.Length, bytes, preamble.Length);
        return bytes;
    }

    /// <summary>
    /// An apostrophe before each formula start a spreadsheet could see: at the beginning of the text, and after any
    /// separator (<c>,</c> <c>;</c> tab CR LF) inside it, quotes in between skipped; other text as it is.
    /// </summary>
    public static string Neutralise(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new StringBuilder(value.Length + 2);
        var pieceStart = true;
        foreach (var c in value)
        {
            if (pieceStart && Array.IndexOf(FormulaStarts, c) >= 0)
            {
                result.Append('\'');
            }

            result.Append(c);

            // A piece starts after a separator; quotes right after it still count as its start.
            pieceStart = Array.IndexOf(Separators, c) >= 0 || (pieceStart && c == '"');
        }

        return result.ToString();
    }

    /// <summary>The field as RFC 4180 writes it: in quotes, inner quotes doubled, when it holds a separator (<c>,</c> <c>;</c> tab), quote, CR or LF.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.IndexOfAny(QuotedCharacters) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private CsvWriter Cell(string field)
    {
        if (_rowHasCells)
        {
            _text.Append(',');
        }

        _text.Append(field);
        _rowHasCells = true;
        return this;
    }
}
