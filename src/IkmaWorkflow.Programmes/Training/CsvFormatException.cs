namespace IkmaWorkflow.Programmes.Training;

/// <summary>A CSV file that cannot be read as CSV, with the line it fails on and the reason in English and Indonesian.</summary>
internal sealed class CsvFormatException : Exception
{
    /// <summary>The file's line <paramref name="line"/> cannot be read, for <paramref name="english"/> (<paramref name="indonesian"/>).</summary>
    public CsvFormatException(int line, string english, string indonesian)
        : base(english)
    {
        Line = line;
        English = english;
        Indonesian = indonesian;
    }

    /// <summary>The line of the file (1 is the header).</summary>
    public int Line { get; }

    /// <summary>The reason in English.</summary>
    public string English { get; }

    /// <summary>The reason in Indonesian.</summary>
    public string Indonesian { get; }
}
