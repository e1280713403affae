namespace IkmaWorkflow.CustomHandler;

/// <summary>
/// A function app's files or settings are wrong: a bad <c>function.json</c> or <c>host.json</c>, a missing
/// or invalid setting. The message names the file or key and says what to change.
/// </summary>
public sealed class FunctionAppConfigurationException : Exception
{
    /// <summary>Creates the exception for the file or setting named by <paramref name="source"/>.</summary>
    public FunctionAppConfigurationException(string source, string message, Exception? innerException = null)
        : base($"{source}: {message}", innerException)
    {
        Source = source;
    }

    /// <summary>The file path or setting key the problem is in.</summary>
    public new string Source { get; }
}
