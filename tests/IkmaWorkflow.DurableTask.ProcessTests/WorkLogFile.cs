using System.Globalization;

namespace IkmaWorkflow.DurableTask.ProcessTests;

/// <summary>
/// The work log one host process wrote (<c>{dataDirectory}/{processId}.log</c>, one tab-separated line per fact; the
/// host's <c>WorkLog</c> describes them). A line without its final newline was cut off by a kill and is ignored.
/// </summary>
internal sealed class WorkLogFile
{
    private WorkLogFile(IReadOnlyList<string[]> lines) => Lines = lines;

    public IReadOnlyList<string[]> Lines { get; }

    /// <summary>Idempotency keys of activity runs that began, once per run.</summary>
    public IReadOnlyList<string> Started => Field("started");

    /// <summary>Idempotency keys of activity runs that did their work, once per run.</summary>
    public IReadOnlyList<string> Finished => Field("finished");

    /// <summary>Instance ids of committed episodes, once per commit.</summary>
    public IReadOnlyList<string> Commits => Field("committed");

    /// <summary>Instance ids of commits that lost to another writer and were replayed.</summary>
    public IReadOnlyList<string> Conflicts => Field("conflict");

    /// <summary>The checkpoints at which the process killed itself, with the hit count.</summary>
    public IReadOnlyList<(string Checkpoint, int Hit)> Crashes =>
        [.. Lines.Where(l => l[0] == "crash" && l.Length == 3).Select(l => (l[1], int.Parse(l[2], CultureInfo.InvariantCulture)))];

    public static WorkLogFile Read(string dataDirectory, int processId)
    {
        var path = Path.Combine(dataDirectory, processId.ToString(CultureInfo.InvariantCulture) + ".log");
        if (!File.Exists(path))
        {
            return new WorkLogFile([]);
        }

        var text = File.ReadAllText(path);
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return new WorkLogFile([.. complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))]);
    }

    private List<string> Field(string kind) => [.. Lines.Where(l => l[0] == kind && l.Length >= 2).Select(l => l[1])];
}
