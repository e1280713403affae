namespace IkmaWorkflow.DemoData;

/// <summary>A demo step that could not be done; the message says what went wrong and what to do next.</summary>
public sealed class DemoException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DemoException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no message (for serializers and analyzers).</summary>
    public DemoException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public DemoException(string message)
        : base(message)
    {
    }
}
