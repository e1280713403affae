namespace IkmaWorkflow.Benchmarks.Driver;

/// <summary>A scenario could not measure: the app answered wrongly, work was lost, or it took too long.</summary>
internal sealed class BenchmarkException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public BenchmarkException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public BenchmarkException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A failure with no description.</summary>
    public BenchmarkException()
    {
    }
}
