namespace IkmaWorkflow.FunctionApp.Api;

/// <summary>A request body turned out longer than its form takes; thrown by the body's reader as the byte past the limit arrives.</summary>
public sealed class BodyTooLargeException : IOException
{
    /// <summary>A body longer than <paramref name="maxBytes"/>.</summary>
    public BodyTooLargeException(long maxBytes)
        : base($"The request body is longer than {maxBytes} bytes.")
    {
        MaxBytes = maxBytes;
    }

    /// <summary>The most the form takes.</summary>
    public long MaxBytes { get; }
}
