namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>Progress and diagnostics on standard error, each line starting with <c>#</c>; standard output carries only results.</summary>
internal static class Progress
{
    /// <summary>Where the demo-data command's own progress goes.</summary>
    public static TextWriter Log { get; } = TextWriter.Synchronized(Console.Error);

    /// <summary>Writes one progress line.</summary>
    public static void Say(string text) => Log.WriteLine($"# {text}");
}
