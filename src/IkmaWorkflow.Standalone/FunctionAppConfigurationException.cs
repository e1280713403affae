namespace IkmaWorkflow.Standalone;

/// <summary>
/// A function app's files, settings or functions are wrong: a bad <c>host.json</c>, a missing or invalid setting, a
/// function the standalone host cannot bind. The message names the file, key or function and says what to change.
/// </summary>
public sealed class FunctionAppConfigurationException : Exception
{
    /// <summary>Creates the exception for the file, setting or function named by <paramref name="source"/>.</summary>
    public FunctionAppConfigurationException(string source, string message, Exception? innerException = null)
        : base($"{source}: {message}", innerException)
    {
        Source = source;
    }

    /// <summary>The file path, setting key (as written in app settings) or function name the problem is in.</summary>
    public new string Source { get; }
}
